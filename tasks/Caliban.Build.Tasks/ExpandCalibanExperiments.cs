using System.Globalization;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>
/// Turns the project's experiments into jobs: `Experiment` items and the `CalibanExperimentConfig` sweep (Caliban's
/// JSON format), each job's arguments prefixed with `CalibanArgs`. The jobs come back as `CalibanJob` items.
/// </summary>
public sealed class ExpandCalibanExperiments : CalibanTask
{
    [Required] public string ProjectDirectory { get; set; } = "";

    /// <summary>CalibanExperimentConfig: a JSON sweep file (relative to the project), or `stdin`.</summary>
    public string? ExperimentConfig { get; set; }

    /// <summary>Experiment items: Include is the name, metadata Args the arguments (shell-like quoting).</summary>
    public ITaskItem[] Experiments { get; set; } = [];

    /// <summary>CalibanArgs: arguments put before every job's own (Caliban's `-- args`).</summary>
    public string? Arguments { get; set; }

    /// <summary>One item per job: Include = its name; metadata Index, Name, ArgumentsJson (the argv tail as a JSON array).</summary>
    [Output] public ITaskItem[] Jobs { get; private set; } = [];

    protected override Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var prefix = string.IsNullOrWhiteSpace(Arguments) ? [] : CommandLineWords.Split(Arguments, "CalibanArgs");
        var items = Experiments
            .Select(item => (item.ItemSpec, CommandLineWords.Split(item.GetMetadata("Args"), $"the Args of Experiment '{item.ItemSpec}'")))
            .ToArray();
        IReadOnlyList<Experiment>? fromConfig = null; // no config: one job; a config of zero jobs: none
        if (!string.IsNullOrWhiteSpace(ExperimentConfig))
        {
            fromConfig = Core.Experiments.ExperimentConfig.Load(ExperimentConfig.Trim(), ProjectDirectory);
            if (fromConfig.Count == 0)
                log.Warning(ErrorCodes.ExperimentConfigEmpty,
                    $"The experiment config '{ExperimentConfig}' expands to no jobs (an empty list somewhere multiplies to zero). Check CalibanExperimentConfig.",
                    Path.Combine(ProjectDirectory, ExperimentConfig));
        }

        Jobs = JobPlanner.Plan(prefix, items, fromConfig).Select(ToItem).ToArray();
        return Task.CompletedTask;
    }

    // An item's spec and constructor metadata count as MSBuild-escaped: an argument such as "100%25" would come back
    // as "100%". Escaping the name and setting metadata as literals keeps every value exactly as given.
    private static ITaskItem ToItem(PlannedJob job)
    {
        ITaskItem2 item = new TaskItem(MSBuildEscaped(job.Name));
        item.SetMetadataValueLiteral("Index", job.Index.ToString(CultureInfo.InvariantCulture));
        item.SetMetadataValueLiteral("Name", job.Name);
        item.SetMetadataValueLiteral("ArgumentsJson", JsonSerializer.Serialize(job.Arguments));
        return item;
    }

    private static string MSBuildEscaped(string text) =>
        string.Concat(text.Select(c => "%*?@$();'".Contains(c) ? $"%{(int)c:X2}" : c.ToString()));

    /// <summary>The planned job a CalibanJob item describes.</summary>
    internal static PlannedJob FromItem(ITaskItem item) => new(
        int.Parse(item.GetMetadata("Index"), CultureInfo.InvariantCulture),
        item.GetMetadata("Name"),
        JsonSerializer.Deserialize<string[]>(item.GetMetadata("ArgumentsJson")) ?? []);
}
