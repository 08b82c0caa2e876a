using System.CommandLine;
using Caliban.Cli.Commands;
using Caliban.Cli.Hosting;
using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;

namespace Caliban.Cli;

/// <summary>
/// Parses the command line (everything after the first `--` belongs to the user's program), turns mistakes into one
/// line and exit code 2, and runs the command with Ctrl+C wired to cancellation (exit 130).
/// </summary>
internal static class CalibanApp
{
    public static int Run(string[] args)
    {
        var tree = new CommandTree();
        var (parse, programArguments) = Parse(tree, args);

        // --help (with examples) and --version run as System.CommandLine defines them.
        if (parse.Action is ExamplesHelpAction || (parse.Action is not null && parse.Errors.Count == 0))
            return parse.Invoke();

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C cancels cleanly (containers stopped, jobs recorded); a second one ends the process.
            if (cancellation.IsCancellationRequested) return;
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (parse.Errors.Count > 0 || parse.GetValue(tree.Module) is ['-', ..]) throw UsageErrors.Describe(parse, tree);
            var command = parse.CommandResult.Command;
            var leaf = tree.LeafOf(command) ?? throw UsageErrors.Describe(parse, tree);
            if (programArguments.Length > 0 && !FlagMappingTakesArguments(leaf))
                throw new UsageError(ErrorCodes.CliUnknownFlag,
                    $"{CommandTree.PathOf(command)} passes nothing to a program, so arguments after '--' ({string.Join(' ', programArguments)}) have nowhere to go. See '{CommandTree.PathOf(command)} --help'.");
            return Dispatch(leaf, new CommandContext(tree, parse, programArguments, Directory.GetCurrentDirectory(), cancellation.Token));
        }
        catch (UsageError error)
        {
            Console.Error.WriteLine($"error {error.Code}: {error.Message}");
            return ExitCodes.Usage;
        }
        catch (EnvironmentError error)
        {
            Console.Error.WriteLine($"error {error.Code}: {error.Message}");
            return ExitCodes.Environment;
        }
        catch (CalibanException error)
        {
            Console.Error.WriteLine(Output.ConsoleText.Diagnostic("error", error.Code, error.Message));
            return ExitCodes.ForErrors([error.Code]);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("Canceled.");
            return ExitCodes.Canceled;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Parses the tool's part of <paramref name="args"/>; what follows the first `--` is the program's, untouched.</summary>
    public static (ParseResult Parse, string[] ProgramArguments) Parse(CommandTree tree, string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var ours = separator < 0 ? args : args[..separator];
        var programArguments = separator < 0 ? [] : args[(separator + 1)..];
        // No @response files: Caliban had none, and an argument starting with @ must stay itself.
        return (tree.Root.Parse(ours, new ParserConfiguration { ResponseFileTokenReplacer = null }), programArguments);
    }

    private static bool FlagMappingTakesArguments(CliCommand leaf) => Mapping.FlagMapping.HasModule(leaf) && leaf != CliCommand.Build;

    private static int Dispatch(CliCommand leaf, CommandContext context) => leaf switch
    {
        CliCommand.Expansion => ExpansionCommand.Run(context),
        CliCommand.Status => StatusCommand.Run(context, backend: null),
        CliCommand.ClusterJobList => StatusCommand.Run(context, backend: "kubernetes"),
        CliCommand.ClusterPodList => PodListCommand.Run(context),
        CliCommand.Stop => StopCommand.Run(context),
        CliCommand.Resubmit => ResubmitCommand.Run(context),
        CliCommand.Shell or CliCommand.Notebook => InteractiveCommand.Run(leaf, context),
        _ => TargetsCommand.Run(leaf, context),
    };
}
