using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Caliban.Cli.Parsing;

/// <summary>System.CommandLine's help, followed by the command's examples.</summary>
internal sealed class ExamplesHelpAction(HelpAction inner, IReadOnlyDictionary<Command, string[]> examples) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        inner.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines) && lines.Length > 0)
        {
            output.WriteLine("Examples:");
            foreach (var line in lines) output.WriteLine($"  {line}");
            output.WriteLine();
        }
        if (parseResult.CommandResult.Command is RootCommand)
        {
            output.WriteLine("Exit codes: 0 ok, 1 build or job failure, 2 usage error, 3 environment (no Docker engine, no .NET SDK), 130 canceled.");
            output.WriteLine("Everything after `--` goes to your program: caliban run trainer.train -- --epochs 3");
        }
        return 0;
    }
}
