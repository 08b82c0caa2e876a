using Caliban.Cli.Hosting;
using Caliban.Cli.Mapping;
using Caliban.Cli.Output;
using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.Images;
using Spectre.Console;

namespace Caliban.Cli.Commands;

/// <summary>
/// build, run, cloud, cluster job submit/submit_file (and the MSBuild half of stop and resubmit): checks what can be
/// checked at once (module, sweep, extra dirs), maps the flags, and runs the SDK target in-process.
/// </summary>
internal static class TargetsCommand
{
    public static int Run(CliCommand command, CommandContext context) => Run(command, context, ProjectLocation.Find(context.Value(context.Options.Project), context.CurrentDirectory));

    public static int Run(CliCommand command, CommandContext context, ProjectLocation location, IReadOnlyDictionary<string, string>? extraProperties = null)
    {
        var invocation = FlagMapping.Map(command, context.Parse, context.Tree, context.ProgramArguments);
        foreach (var (name, value) in extraProperties ?? new Dictionary<string, string>()) invocation.Properties.TryAdd(name, value);
        Check(command, context, location, invocation);
        MSBuildHost.EnsureRegistered();
        var outcome = Build(location, invocation, context, []);
        if (outcome.Canceled) return ExitCodes.Canceled;
        return outcome.Succeeded ? ExitCodes.Ok : ExitCodes.ForErrors(outcome.ErrorCodes);
    }

    public static BuildOutcome Build(ProjectLocation location, BuildInvocation invocation, CommandContext context, IReadOnlyList<string> outputProperties, IReadOnlyList<string>? outputItems = null)
    {
        if (context.Verbose)
            Console.Out.WriteLine($"{(location.IsTransient ? $"No project file: using {TransientProject.SdkReference} as {location.ProjectPath} (in memory)" : location.ProjectPath)}\n  = {invocation.ToDotnetBuild()}");
        var live = !context.Verbose && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (live)
        {
            var display = new Output.LiveDisplay();
            return display.Run(() => ProjectRunner.Run(location, invocation, new BuildRequestOptions(display, false, context.BinlogPath) { OutputProperties = outputProperties, OutputItems = outputItems ?? [] }, context.Cancellation));
        }
        return ProjectRunner.Run(location, invocation, new BuildRequestOptions(new PlainDisplay(), context.Verbose, context.BinlogPath) { OutputProperties = outputProperties, OutputItems = outputItems ?? [] }, context.Cancellation);
    }

    /// <summary>Mistakes found before MSBuild starts: one line, exit code 2.</summary>
    public static void Check(CliCommand command, CommandContext context, ProjectLocation location, BuildInvocation invocation)
    {
        var properties = invocation.Properties;
        if (FlagMapping.HasModule(command))
        {
            if (properties.TryGetValue("CalibanEntryPoint", out var module))
            {
                try
                {
                    EntryPoint.Resolve(location.Directory, module);
                }
                catch (CalibanException error)
                {
                    throw new UsageError(ErrorCodes.CliModuleNotFound, error.Message.Replace($"{EntryPoint.PropertyName} \"", "The module \"", StringComparison.Ordinal));
                }
            }
            else if (location.IsTransient)
            {
                throw new UsageError(ErrorCodes.CliNoModule,
                    $"{context.CommandPath} needs the module to run, e.g. {context.CommandPath} trainer.train (or a project file that sets CalibanEntryPoint). See '{context.CommandPath} --help'.");
            }
        }

        foreach (var dir in invocation.Items.Where(item => item.ItemType == "CalibanExtraDir").Select(item => item.Include))
        {
            if (!Directory.Exists(Path.Combine(location.Directory, dir)))
                throw new UsageError(ErrorCodes.ExtraDirNotFound, $"-d {dir}: there is no folder {Path.Combine(location.Directory, dir)}. Name a folder inside {location.Directory}.");
        }

        if (properties.TryGetValue("CalibanExperimentConfig", out var config))
            properties["CalibanExperimentConfig"] = CheckedExperimentConfig(config, location, context.CurrentDirectory);

        if (properties.TryGetValue("CalibanManifestFile", out var manifest))
        {
            var path = Path.GetFullPath(manifest, context.CurrentDirectory);
            if (!File.Exists(path))
                throw new UsageError(ErrorCodes.CliArgumentMissing, $"The job file {manifest} does not exist (looked for {path}). Name a .yaml or .json Job manifest.");
            if (Path.GetExtension(path).ToLowerInvariant() is not (".yaml" or ".yml" or ".json"))
                throw new UsageError(ErrorCodes.CliArgumentMissing, $"The job file {manifest} must end in .yaml, .yml or .json.");
            properties["CalibanManifestFile"] = path;
        }
    }

    /// <summary>
    /// Reads and expands the sweep now, so a broken one is a usage error before anything is built. `stdin` is read here
    /// (the build cannot read it again) and handed to the SDK as a file under obj/caliban/.
    /// </summary>
    private static string CheckedExperimentConfig(string config, ProjectLocation location, string currentDirectory)
    {
        try
        {
            if (!string.Equals(config, ExperimentConfig.StdinPath, StringComparison.OrdinalIgnoreCase))
            {
                // Relative to where the command was typed, as in Caliban.
                ExperimentConfig.Load(config, currentDirectory);
                return Path.GetFullPath(config, currentDirectory);
            }
            var json = Console.In.ReadToEnd();
            ExperimentConfig.Parse(json, ExperimentConfig.StdinPath);
            var saved = Path.Combine(location.Directory, "obj", "caliban", "stdin-experiment-config.json");
            Directory.CreateDirectory(Path.GetDirectoryName(saved)!);
            File.WriteAllText(saved, json);
            return saved;
        }
        catch (CalibanException error)
        {
            throw new UsageError(error.Code, $"--experiment_config: {error.Message}");
        }
    }
}
