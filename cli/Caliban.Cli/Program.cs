// The `caliban` tool arrives with its own issue; until then it points people at the MSBuild targets.
Console.Error.WriteLine("caliban: the command-line tool is not built yet; use `dotnet build -t:CalibanBuild` in a Caliban project.");
return 1;
