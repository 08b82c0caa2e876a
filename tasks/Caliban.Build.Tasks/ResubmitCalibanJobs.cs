using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Build.Tasks;

/// <summary>
/// Runs again the latest job of each experiment of a group that ended FAILED or STOPPED (every one with
/// CalibanResubmitAll): on the image just rebuilt from the current code, or on the exact image each job recorded
/// (CalibanResubmitImage=recorded), which Caliban cannot do. Each job goes back to the backend it ran on: local jobs
/// to the local engine (here), Vertex AI and Kubernetes jobs from their recorded requests (the partial files).
/// </summary>
public sealed partial class ResubmitCalibanJobs : JobHistoryTask
{
    [Microsoft.Build.Framework.Required] public string ProjectDirectory { get; set; } = "";
    public bool AllJobs { get; set; }

    /// <summary>CalibanResubmitImage: `current` (default; the image CalibanBuild just made) or `recorded`.</summary>
    public string? ImageChoice { get; set; }

    public string? ImageId { get; set; }
    public string? ImageTag { get; set; }
    public string? BaseImage { get; set; }
    public string? MaxParallel { get; set; }

    /// <summary>CalibanPushedImage and CalibanImageDigest: the current image as CalibanPush pushed it, for cloud and cluster jobs.</summary>
    public string? PushedImage { get; set; }
    public string? ImageDigest { get; set; }

    /// <summary>CalibanSubmitParallel: how many cloud or cluster jobs are sent at once.</summary>
    public string? SubmitParallel { get; set; }

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var group = Group ?? throw new CalibanException(ErrorCodes.ResubmitNeedsGroup,
            "CalibanResubmit needs the group to resubmit: set CalibanExperimentGroup (CalibanStatus lists the groups).");
        var recorded = ImageChoice?.Trim().ToLowerInvariant() switch
        {
            null or "" or "current" => false,
            "recorded" => true,
            _ => throw new CalibanException(ErrorCodes.InvalidPropertyValue,
                $"CalibanResubmitImage is '{ImageChoice}'; use 'current' (rebuild from the current code) or 'recorded' (the exact image each job ran on)."),
        };

        using var store = OpenStore();
        RequireGroupExists(store);
        var latest = await Refresher(store, log).RefreshAsync(
            store.ListJobs(new JobQuery { Group = group, User = RunSettings.User, MaxJobs = 1, LatestPerExperiment = true }), cancellationToken);
        var chosen = latest.Where(job => AllJobs || job.Status is JobStatus.Failed or JobStatus.Stopped).ToArray();
        if (chosen.Length == 0)
        {
            log.Warning(ErrorCodes.NothingToResubmit,
                $"No jobs of group {group} ended FAILED or STOPPED; nothing to resubmit. Set CalibanResubmitAll=true to run every experiment again.");
            return;
        }

        // Remote jobs go first: they only need requests sent. Every backend gets its turn before any failure is reported.
        var cloudFailure = await ResubmitVertexAsync(store, chosen, group, recorded, log, cancellationToken);
        var clusterFailure = await ResubmitClusterJobsAsync(store, group, chosen, recorded, log, cancellationToken);
        var localFailure = await ResubmitLocalAsync(store, chosen, group, recorded, log, cancellationToken);
        if ((localFailure ?? cloudFailure ?? clusterFailure) is { } failure) throw failure;
    }

    private async Task<CalibanException?> ResubmitLocalAsync(
        Core.History.JobStore store, IReadOnlyList<JobView> chosen, string group, bool recorded, ICalibanLog log, CancellationToken cancellationToken)
    {
        var local = chosen.Where(job => job.Backend == LocalRunCoordinator.Backend).ToArray();
        if (local.Length == 0) return null;
        var engine = await EngineAsync(log, cancellationToken);
        var failures = 0;
        // One run per image and container settings, as each job recorded them.
        foreach (var batch in local.Select(job => (Job: job, Spec: LocalJobSpec.FromJson(job.SpecJson)))
                     .GroupBy(entry => (Image: recorded ? entry.Job.ImageId : ImageId, Settings: entry.Spec?.SettingsKey())))
        {
            var first = batch.First();
            var spec = first.Spec;
            var options = new RunOptions
            {
                MaxParallel = RunSettings.PositiveNumber(MaxParallel, "CalibanMaxParallel", 1),
                Gpu = spec?.Gpu ?? Core.Execution.GpuMode.Auto,
                Environment = spec?.Environment ?? new Dictionary<string, string>(),
                Mounts = spec?.Mounts ?? [],
            };
            var image = recorded
                ? new RunImage { ImageId = first.Job.ImageId, Tag = first.Job.ImageTag, BaseImage = first.Job.BaseImage, GitCommit = first.Job.GitCommit,
                                 GitDirty = first.Job.GitDirty, ProjectDirectory = first.Job.ProjectDirectory, BuildSpecJson = first.Job.ContainerSpecJson }
                : RunImage.FromBuild(ProjectDirectory, ImageId, ImageTag, BaseImage, first.Job.ContainerSpecJson);
            var jobs = batch.Select((entry, position) => new PlannedJob(position, entry.Job.ExperimentName, entry.Job.Arguments)).ToArray();
            log.Info($"Resubmitting {jobs.Length} job(s) of group {group} on {image.Tag ?? image.ImageId}.");
            var outcomes = await LocalRunCoordinator.RunAsync(store, engine, group, RunSettings.User, image, jobs, options, log,
                cancellationToken, experimentIds: batch.Select(entry => entry.Job.ExperimentId).ToArray());
            log.Info(RunSummary.Format(outcomes, group));
            failures += outcomes.Count(outcome => outcome.Result.Outcome != Core.Execution.LocalJobOutcome.Succeeded);
        }
        return failures == 0 ? null : new CalibanException(ErrorCodes.LocalJobsFailed,
            $"{failures} resubmitted job(s) of group {group} did not succeed; see the summary above and -t:CalibanLogs -p:CalibanExperimentGroup={group}.");
    }
}
