// The `caliban` tool: Caliban's commands and flags over the Caliban.Sdk targets. See CalibanApp.
return Caliban.Cli.CalibanApp.Run(args);
