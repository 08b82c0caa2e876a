using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Cli.Commands;

/// <summary>Caliban's stand-alone `expansion` tool: the experiments a config expands to, as JSON or as flag lines. No MSBuild.</summary>
internal static class ExpansionCommand
{
    public static int Run(CommandContext context)
    {
        var config = context.Parse.GetValue(context.Tree.Config)!;
        IReadOnlyList<Experiment> experiments;
        try
        {
            experiments = ExperimentConfig.Load(config, context.CurrentDirectory);
        }
        catch (CalibanException error)
        {
            // A broken config is bad input, as it was for Caliban's argparse-based tool.
            Console.Error.WriteLine(Output.ConsoleText.Diagnostic("error", error.Code, error.Message));
            return ExitCodes.Usage;
        }
        var text = context.Parse.GetValue(context.Options.PrintFlags) ? ExpansionOutput.Flags(experiments)
            : context.Parse.GetValue(context.Options.Pprint) ? ExpansionOutput.PrettyJson(experiments)
            : ExpansionOutput.Json(experiments);
        Console.Out.Write(text);
        return ExitCodes.Ok;
    }
}
