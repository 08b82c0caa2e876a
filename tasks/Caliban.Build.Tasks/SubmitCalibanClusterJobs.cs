using System.Diagnostics;
using Caliban.Core.Diagnostics;
using Caliban.Core.Kubernetes;
using Caliban.Core.Runs;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>
/// Submits every CalibanJob as a Kubernetes Job (or the sweep as one Indexed Job), records each in the job history,
/// and fails the build naming the Jobs that could not be submitted. A dry run prints the manifests and touches nothing.
/// </summary>
public sealed class SubmitCalibanClusterJobs : ClusterJobsTask
{
    public string? ImageDigest { get; set; }
    public string? ImageId { get; set; }
    public string? ImageTag { get; set; }
    public string? BaseImage { get; set; }

    /// <summary>The experiment group the jobs were recorded in (CalibanExperimentGroup, or the default made for this run).</summary>
    [Output] public string ResolvedGroup { get; private set; } = "";

    /// <summary>One item per Job created: Include = "namespace/name"; metadata Name, Namespace, Context, Experiments.</summary>
    [Output] public ITaskItem[] SubmittedJobs { get; private set; } = [];

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var jobs = PlannedJobs();
        var group = ResolvedGroup = RunSettings.GroupOrDefault(Group);
        var submission = ClusterSubmission.NewId();
        if (DryRun)
        {
            var preview = Manifests(Settings(group, image: "IMAGE-PUSHED-BY-CalibanPush"), jobs, submission);
            log.Info($"Dry run: {preview.Count} Job(s) for {jobs.Count} experiment job(s) of group {group}; nothing is pushed, submitted or recorded.");
            if (preview.Count > 0) log.Info(ManifestExport.Yaml(preview).TrimEnd());
            return;
        }
        if (jobs.Count == 0)
        {
            log.Info("No jobs to submit.");
            return;
        }

        var settings = Settings(group);
        var options = SubmitOptions();
        using var cluster = Connect();
        using var store = OpenStore();
        var image = RunImage.FromBuild(ProjectDirectory, string.IsNullOrWhiteSpace(ImageId) ? settings.Image : ImageId, settings.Image, BaseImage, BuildSpecJson());
        var experiments = RunHistory.RecordExperiments(store, group, RunSettings.User, image, ImageDigest, jobs);
        var units = ClusterSubmission.Units(settings, jobs, experiments, submission, IndexedJob);
        log.Info(IndexedJob
            ? $"Submitting group {group} as one Indexed Job of {jobs.Count} index(es) to {cluster.Where()}, image {settings.Image}."
            : $"Submitting {units.Count} Job(s) of group {group} to {cluster.Where()}, image {settings.Image}, {options.Parallel} at a time.");

        var clock = Stopwatch.StartNew();
        var outcomes = await ClusterSubmission.SubmitAsync(store, cluster, RunSettings.User, ImageDigest, submission, units, options, log, cancellationToken);
        log.Info(ClusterSubmission.Summary(outcomes, cluster, group, clock.Elapsed));
        SubmittedJobs = outcomes.Where(outcome => outcome.Result.Succeeded).Select(outcome => (ITaskItem)new TaskItem($"{cluster.Namespace}/{outcome.Result.Name}",
            new Dictionary<string, string>
            {
                ["Name"] = outcome.Result.Name,
                ["Namespace"] = cluster.Namespace,
                ["Context"] = cluster.Context ?? "",
                ["Experiments"] = string.Join(';', outcome.Unit.Rows.Select(row => row.ExperimentName)),
            })).ToArray();

        if (cancellationToken.IsCancellationRequested)
            throw new CalibanException(ErrorCodes.ClusterSubmitCanceled,
                $"The submission was canceled; the Jobs not created are recorded as FAILED in group {group}. Submit them with -t:CalibanResubmit -p:CalibanExperimentGroup={group}.");
        if (ClusterSubmission.Failure(outcomes, cluster, group) is { } failure) throw failure;
        log.Info($"Follow them with -t:CalibanStatus -p:CalibanExperimentGroup={group}; read their output with -t:CalibanLogs.");
    }
}
