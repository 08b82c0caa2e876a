using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Build.Tasks;

/// <summary>
/// Runs again the latest job of each experiment of a group that ended FAILED or STOPPED (every one with
/// CalibanResubmitAll): on the image just rebuilt from the current code, or on the exact image each job recorded
/// (CalibanResubmitImage=recorded), which Caliban cannot do. Local jobs run again on the local engine; Vertex AI jobs
/// are submitted again from their recorded request, on the image CalibanPush just pushed or on the recorded digest.
/// </summary>
public sealed class ResubmitCalibanJobs : JobHistoryTask
{
    [Microsoft.Build.Framework.Required] public string ProjectDirectory { get; set; } = "";
    public bool AllJobs { get; set; }

    /// <summary>CalibanResubmitImage: `current` (default; the image CalibanBuild just made) or `recorded`.</summary>
    public string? ImageChoice { get; set; }

    public string? ImageId { get; set; }
    public string? ImageTag { get; set; }
    public string? BaseImage { get; set; }
    public string? MaxParallel { get; set; }

    /// <summary>CalibanPushedImage and CalibanImageDigest: the current image as pushed, for cloud jobs.</summary>
    public string? PushedImage { get; set; }
    public string? ImageDigest { get; set; }

    /// <summary>CalibanSubmitParallel: how many cloud jobs are sent at once.</summary>
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
        var candidates = latest.Where(job => AllJobs || job.Status is JobStatus.Failed or JobStatus.Stopped).ToArray();
        var chosen = candidates.Where(job => job.Backend == LocalRunCoordinator.Backend).ToArray();
        var cloud = candidates.Where(job => job.Backend == VertexSubmitter.Backend).ToArray();
        if (chosen.Length == 0 && cloud.Length == 0)
        {
            log.Warning(ErrorCodes.NothingToResubmit,
                $"No jobs of group {group} ended FAILED or STOPPED; nothing to resubmit. Set CalibanResubmitAll=true to run every experiment again.");
            return;
        }

        var cloudFailures = cloud.Length > 0 ? await ResubmitVertexAsync(store, cloud, group, recorded, log, cancellationToken) : [];
        if (chosen.Length == 0)
        {
            ThrowIfNotSubmitted(cloudFailures, group);
            return;
        }

        var engine = await EngineAsync(log, cancellationToken);
        var failures = 0;
        // One run per image and container settings, as each job recorded them.
        foreach (var batch in chosen.Select(job => (Job: job, Spec: LocalJobSpec.FromJson(job.SpecJson)))
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
        if (failures > 0)
            throw new CalibanException(ErrorCodes.LocalJobsFailed,
                $"{failures} resubmitted job(s) of group {group} did not succeed; see the summary above and -t:CalibanLogs -p:CalibanExperimentGroup={group}.");
        ThrowIfNotSubmitted(cloudFailures, group);
    }

    /// <summary>Vertex AI jobs go first: they only need requests sent, and a failure among them is reported after the local run.</summary>
    private async Task<IReadOnlyList<CloudSubmitOutcome>> ResubmitVertexAsync(
        Core.History.JobStore store, IReadOnlyList<JobView> jobs, string group, bool recorded, ICalibanLog log, CancellationToken cancellationToken)
    {
        PushedImage? current = null;
        if (!recorded)
        {
            if (string.IsNullOrWhiteSpace(PushedImage))
                throw new CalibanException(ErrorCodes.CloudImageNotPushed,
                    $"{jobs.Count} Vertex AI job(s) of group {group} need the current image pushed: set CalibanImageRepository (CalibanResubmit then pushes it), " +
                    "or set CalibanResubmitImage=recorded to run the exact image each job ran on.");
            var pushed = PushedImage.Trim();
            var image = CloudImages.WithPushedImage(RunImage.FromBuild(ProjectDirectory, ImageId, ImageTag, BaseImage, jobs[0].ContainerSpecJson), pushed);
            current = new PushedImage(image, pushed, string.IsNullOrWhiteSpace(ImageDigest) ? null : ImageDigest.Trim());
        }
        var parallel = RunSettings.PositiveNumber(SubmitParallel, "CalibanSubmitParallel", 16);
        var outcomes = await VertexResubmitter.ResubmitAsync(jobs, current, group, RunSettings.User, parallel, Vertex.For, store, log, cancellationToken);
        log.Info(CloudSubmitSummary.Format(outcomes, group));
        return outcomes.Where(outcome => !outcome.Submitted).ToArray();
    }

    private static void ThrowIfNotSubmitted(IReadOnlyList<CloudSubmitOutcome> failed, string group)
    {
        if (failed.Count > 0) throw new CalibanException(ErrorCodes.CloudJobsNotSubmitted, CloudSubmitSummary.DescribeFailures(failed, group));
    }
}
