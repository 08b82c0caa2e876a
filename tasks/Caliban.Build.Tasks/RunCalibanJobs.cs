using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Execution;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Caliban.Core.Experiments;
using System.Text.Json;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Runs every CalibanJob in its own container on the local engine, records each in the job history, streams its
/// output into the build log, and fails the build naming the jobs that failed.
/// </summary>
public sealed class RunCalibanJobs : JobHistoryTask
{
    [Required] public string ProjectDirectory { get; set; } = "";
    public ITaskItem[] Jobs { get; set; } = [];
    public string? ImageId { get; set; }
    public string? ImageTag { get; set; }
    public string? BaseImage { get; set; }
    public string? EntryPoint { get; set; }
    public string? MaxParallel { get; set; }
    public string? UseGpu { get; set; }
    public ITaskItem[] EnvironmentVariables { get; set; } = [];
    public ITaskItem[] Mounts { get; set; } = [];
    public bool DryRun { get; set; }

    /// <summary>The experiment group the jobs were recorded in (CalibanExperimentGroup, or the default made for this run).</summary>
    [Output] public string ResolvedGroup { get; private set; } = "";

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var jobs = Jobs.Select(ExpandCalibanExperiments.FromItem).ToArray();
        var options = RunSettings.Options(ProjectDirectory, MaxParallel, UseGpu, EnvironmentVariables, Mounts);
        var group = ResolvedGroup = RunSettings.GroupOrDefault(Group);
        if (DryRun)
        {
            log.Info(DescribeDryRun(jobs, options, group));
            return;
        }
        if (jobs.Length == 0)
        {
            log.Info("No jobs to run.");
            return;
        }

        using var store = OpenStore();
        var engine = await EngineAsync(log, cancellationToken);
        var image = RunImage.FromBuild(ProjectDirectory, ImageId, ImageTag, BaseImage, JsonSerializer.Serialize(new { entryPoint = EntryPoint }));
        log.Info($"Running {jobs.Length} job(s) of group {group} on {ImageTag ?? ImageId}, {options.MaxParallel} at a time.");
        var outcomes = await LocalRunCoordinator.RunAsync(store, engine, group, RunSettings.User, image, jobs, options, log, cancellationToken);

        log.Info(RunSummary.Format(outcomes, group));
        if (cancellationToken.IsCancellationRequested)
            throw new CalibanException(ErrorCodes.LocalRunCanceled,
                $"The run was canceled; its unfinished jobs are recorded as STOPPED in group {group}. Run them again with -t:CalibanResubmit -p:CalibanExperimentGroup={group}.");
        var failed = outcomes.Where(outcome => outcome.Result.Outcome != LocalJobOutcome.Succeeded).ToArray();
        if (failed.Length > 0)
            throw new CalibanException(ErrorCodes.LocalJobsFailed, RunSummary.DescribeFailures(failed, group));
    }

    private string DescribeDryRun(IReadOnlyList<PlannedJob> jobs, RunOptions options, string group)
    {
        var text = new StringBuilder()
            .AppendLine($"Dry run: {jobs.Count} job(s) for group {group}; nothing is built, started or recorded.")
            .AppendLine($"  image: {(string.IsNullOrEmpty(ImageTag) ? "(built by CalibanBuild)" : ImageTag)}, {options.MaxParallel} at a time, GPU: {options.Gpu}")
            .AppendLine($"  environment: {(options.Environment.Count == 0 ? "(none)" : string.Join(", ", options.Environment.Keys))}")
            .AppendLine($"  mounts: {(options.Mounts.Count == 0 ? "(none)" : string.Join(", ", options.Mounts.Select(m => $"{m.Source} -> {m.Target}{(m.ReadOnly ? " (read-only)" : "")}")))}");
        foreach (var job in jobs) text.AppendLine($"  job {job.Index} {job.Name}: {string.Join(' ', job.Arguments)}");
        return text.ToString().TrimEnd();
    }
}
