using System.Globalization;
using System.Text.Json;
using Caliban.Core.Cloud;
using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Runs;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Caliban.Build.Tasks;

/// <summary>
/// Submits every CalibanJob to Vertex AI as a custom job running the pushed image by digest, records each in the job
/// history, prints a summary with each job's console page, and fails (CAL4201) naming the jobs that could not be sent.
/// With DryRun, writes the request bodies under obj/caliban/cloud/ instead and touches nothing else.
/// </summary>
public sealed class SubmitCalibanCloudJobs : VertexSettingsTask
{
    /// <summary>What a dry run without a pushed image puts in the request bodies.</summary>
    public const string PlaceholderImage = "REGISTRY/REPOSITORY@sha256:pushed-by-CalibanPush";

    [Required] public string ProjectDirectory { get; set; } = "";
    public ITaskItem[] Jobs { get; set; } = [];
    public string? ImageId { get; set; }
    public string? ImageTag { get; set; }
    public string? BaseImage { get; set; }
    public string? EntryPoint { get; set; }

    /// <summary>CalibanPushedImage (<c>repository@sha256:…</c>) and CalibanImageDigest, from CalibanPush.</summary>
    public string? PushedImage { get; set; }
    public string? ImageDigest { get; set; }

    public bool DryRun { get; set; }

    /// <summary>Where a dry run writes the request bodies (obj/caliban/cloud/).</summary>
    public string? RequestDirectory { get; set; }

    /// <summary>CalibanSubmitParallel: how many create requests are in flight at once.</summary>
    public string? SubmitParallel { get; set; }

    /// <summary>The CalibanJob items, with HistoryJobId, VertexJobName and ConsoleUrl (RequestFile in a dry run).</summary>
    [Output] public ITaskItem[] SubmittedJobs { get; private set; } = [];

    /// <summary>The experiment group the jobs were recorded in (CalibanExperimentGroup, or the default made for this run).</summary>
    [Output] public string ResolvedGroup { get; private set; } = "";

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var jobs = Jobs.Select(ExpandCalibanExperiments.FromItem).ToArray();
        var group = ResolvedGroup = RunSettings.GroupOrDefault(Group);
        // Every setting is checked before anything is sent, recorded or written.
        var settings = CheckedSettings();
        var parallel = RunSettings.PositiveNumber(SubmitParallel, "CalibanSubmitParallel", VertexSubmitter.DefaultParallel);
        var placeholder = DryRun && string.IsNullOrWhiteSpace(PushedImage);
        var imageUri = placeholder ? PlaceholderImage : PushedImage?.Trim() is { Length: > 0 } pushed ? pushed
            : throw new CalibanException(ErrorCodes.CloudImageNotPushed,
                "CalibanCloud has no pushed image to run: CalibanPushedImage is empty. Set CalibanImageRepository so CalibanPush pushes the image " +
                "(or, when calling the task yourself, run CalibanPush first).");
        var submissionId = DryRun ? CloudDryRun.SubmissionPlaceholder : CloudSubmission.NewSubmissionId();
        // In a dry run jobs are numbered by their index, so the files do not depend on which jobs a filter kept.
        var requests = jobs.Select((job, position) => new CloudJobRequest(job, CustomJobBuilder.Build(
            job, settings, imageUri, group, CloudRunLabels.For(submissionId, DryRun ? job.Index : position)))).ToArray();
        var parent = $"projects/{settings.Project.Value}/locations/{settings.Region.Value}";

        if (DryRun)
        {
            if (placeholder)
                log.Warning(ErrorCodes.CloudDryRunPlaceholderImage,
                    $"The dry run has no pushed image (CalibanPush does not run in a dry run), so the request bodies name the placeholder {PlaceholderImage}.");
            var directory = RequestDirectory ?? Path.Combine(ProjectDirectory, "obj", "caliban", "cloud");
            var paths = CloudDryRun.Write(directory, requests);
            log.Info(CloudDryRun.Describe(parent, imageUri, placeholder, requests, paths, group));
            SubmittedJobs = Jobs.Select((item, position) => WithMetadata(item, ("RequestFile", paths[position]))).ToArray();
            return;
        }
        if (jobs.Length == 0)
        {
            log.Info("No jobs to submit.");
            return;
        }

        // Credentials are looked up now, so a missing one fails before anything is recorded.
        await Vertex.Tokens.GetAccessTokenAsync(cancellationToken);
        var client = Vertex.For(settings.Region.Value);
        using var store = OpenStore();
        log.Info($"Submitting {jobs.Length} job(s) of group {group} to Vertex AI in {parent} ({settings.Machine.MachineType}" +
                 $"{(settings.Gpu is { } gpu ? $", {gpu}" : "")}{(settings.Tpu is { } tpu ? $", {tpu}" : "")}) on {imageUri}, {parallel} at a time.");
        var submission = new CloudSubmission
        {
            Project = settings.Project.Value,
            Region = settings.Region.Value,
            Endpoint = string.IsNullOrWhiteSpace(VertexEndpoint) ? null : VertexEndpoint.Trim(),
            Group = group,
            User = RunSettings.User,
            Image = CloudImages.WithPushedImage(
                // A given CalibanPushedImage was not built here: the registry reference is its identity.
                RunImage.FromBuild(ProjectDirectory, string.IsNullOrWhiteSpace(ImageId) ? imageUri : ImageId, ImageTag, BaseImage,
                    JsonSerializer.Serialize(new { entryPoint = EntryPoint })), imageUri),
            ImageUri = imageUri,
            ImageDigest = string.IsNullOrWhiteSpace(ImageDigest) ? null : ImageDigest.Trim(),
            MaxParallel = parallel,
            SubmissionId = submissionId,
            Jobs = requests,
        };
        IReadOnlyList<CloudSubmitOutcome> outcomes;
        try
        {
            outcomes = await new VertexSubmitter(client, store, log).SubmitAsync(submission, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new CalibanException(ErrorCodes.CloudSubmitCanceled,
                $"The submission was canceled. Jobs not yet sent are recorded STOPPED in group {group}; a job whose request was in flight stays " +
                $"SUBMITTED and may exist (its label {CloudRunLabels.Submission}={submissionId}). See -t:CalibanStatus -p:CalibanExperimentGroup={group}, " +
                $"and send the rest with -t:CalibanResubmit -p:CalibanExperimentGroup={group}.");
        }

        log.Info(CloudSubmitSummary.Format(outcomes, group));
        SubmittedJobs = Jobs.Select((item, position) => WithMetadata(item,
            ("HistoryJobId", outcomes[position].JobId.ToString(CultureInfo.InvariantCulture)),
            ("VertexJobName", outcomes[position].VertexName ?? ""),
            ("ConsoleUrl", outcomes[position].ConsoleUrl ?? ""))).ToArray();
        var failed = outcomes.Where(outcome => !outcome.Submitted).ToArray();
        if (failed.Length > 0)
            throw new CalibanException(ErrorCodes.CloudJobsNotSubmitted, CloudSubmitSummary.DescribeFailures(failed, group));
    }

    private static ITaskItem WithMetadata(ITaskItem item, params (string Name, string Value)[] metadata)
    {
        var copy = new TaskItem(item);
        foreach (var (name, value) in metadata) copy.SetMetadata(name, value);
        return copy;
    }
}
