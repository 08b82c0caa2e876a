using System.CommandLine;
using System.Globalization;
using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;

namespace Caliban.Cli.Mapping;

/// <summary>
/// Caliban's flags → the Caliban.Sdk vocabulary (DESIGN.md "Caliban flag → MSBuild vocabulary"; README "The caliban
/// command"). Pure: no MSBuild, no file system, so every mapping is a unit test away.
/// </summary>
internal static class FlagMapping
{
    public static BuildInvocation Map(CliCommand command, ParseResult parse, CommandTree tree, IReadOnlyList<string> programArguments)
    {
        var o = tree.Options;
        var invocation = new BuildInvocation { Targets = [TargetOf(command)] };
        var properties = invocation.Properties;

        void Set(string property, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) properties[property] = value.Trim();
        }
        void Flag(Option<bool> option, string property, string value)
        {
            if (Has(parse, option) && parse.GetValue(option)) properties[property] = value;
        }

        if (HasModule(command)) Set("CalibanEntryPoint", parse.GetValue(tree.Module));
        Flag(o.NoGpu, "CalibanUseGpu", "false");
        Flag(o.NoCache, "CalibanNoCache", "true");
        Flag(o.DryRun, "CalibanDryRun", "true");
        Flag(o.Force, "CalibanSkipValidation", "true");
        Flag(o.AllJobs, "CalibanResubmitAll", "true");
        Flag(o.Nonpreemptible, "CalibanSpot", "false");
        if (Values(parse, o.Extras) is { Length: > 0 } extras) properties["CalibanExtras"] = string.Join(';', extras);
        Set("CalibanCloudKeyFile", Value(parse, o.CloudKey));
        Set("CalibanExperimentConfig", Value(parse, o.ExperimentConfig));
        Set("CalibanExperimentGroup", Value(parse, o.XGroup));
        Set("CalibanImage", Value(parse, o.ImageId) ?? Value(parse, o.ImageTag));
        Set("CalibanCloudProject", Value(parse, o.ProjectId));
        Set("CalibanCloudRegion", Value(parse, o.Region));
        Set("CalibanMachineType", Value(parse, o.MachineType));
        Set("CalibanGpuSpec", Value(parse, o.GpuSpec));
        Set("CalibanTpuSpec", Value(parse, o.TpuSpec));
        Set("CalibanJobName", Value(parse, o.Name));
        Set("CalibanKubeContext", Value(parse, o.ClusterName));
        Set("CalibanKubeNamespace", Value(parse, o.Namespace));
        if (Has(parse, o.MinCpu) && parse.GetValue(o.MinCpu) is { } cpu) properties["CalibanMinCpu"] = cpu.ToString(CultureInfo.InvariantCulture) + "m";
        if (Has(parse, o.MinMem) && parse.GetValue(o.MinMem) is { } memory) properties["CalibanMinMemory"] = memory.ToString(CultureInfo.InvariantCulture) + "M";
        if (command == CliCommand.ClusterJobSubmitFile) Set("CalibanManifestFile", parse.GetValue(tree.JobFile));
        if (programArguments.Count > 0) properties["CalibanArgs"] = ProgramArguments.Join(programArguments);

        foreach (var dir in Values(parse, o.Dirs))
            invocation.Items.Add(new CliItem("CalibanExtraDir", dir, new Dictionary<string, string>()));
        foreach (var label in Values(parse, o.Labels))
        {
            var (key, value) = Label(label);
            invocation.Items.Add(new CliItem("CalibanLabel", key, new Dictionary<string, string> { ["Value"] = value }));
        }

        if (properties.ContainsKey("CalibanGpuSpec") && properties.GetValueOrDefault("CalibanUseGpu") == "false")
            throw new UsageError(ErrorCodes.CliConflictingFlags,
                $"--nogpu and --gpu_spec {properties["CalibanGpuSpec"]} contradict each other: drop --nogpu to run on GPUs, or drop --gpu_spec to run on the CPU.");
        return invocation;
    }

    public static string TargetOf(CliCommand command) => command switch
    {
        CliCommand.Build => "CalibanBuild",
        CliCommand.Run => "CalibanRun",
        CliCommand.Cloud => "CalibanCloud",
        CliCommand.ClusterJobSubmit => "CalibanCluster",
        CliCommand.ClusterJobSubmitFile => "CalibanClusterSubmitFile",
        CliCommand.Stop => "CalibanStop",
        CliCommand.Resubmit => "CalibanResubmit",
        // shell and notebook build the image without the code layer before starting the container.
        CliCommand.Shell or CliCommand.Notebook => "CalibanResolveConfig",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "This command does not run MSBuild targets."),
    };

    public static bool HasModule(CliCommand command) => command is CliCommand.Build or CliCommand.Run or CliCommand.Cloud or CliCommand.ClusterJobSubmit;

    /// <summary>Caliban's `-l KEY=VALUE`, split on the first '='.</summary>
    public static (string Key, string Value) Label(string text)
    {
        var split = text.IndexOf('=');
        if (split <= 0)
            throw new UsageError(ErrorCodes.CliLabelInvalid, $"The label '{text}' is not KEY=VALUE; write it as -l team=vision (split at the first '=').");
        return (text[..split].Trim(), text[(split + 1)..].Trim());
    }

    private static bool Has(ParseResult parse, Option option) =>
        parse.CommandResult.Command.Options.Contains(option) && parse.GetResult(option) is { Implicit: false };

    private static string? Value(ParseResult parse, Option<string?> option) => Has(parse, option) ? parse.GetValue(option) : null;

    private static string[] Values(ParseResult parse, Option<string[]> option) =>
        Has(parse, option) ? (parse.GetValue(option) ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).ToArray() : [];
}
