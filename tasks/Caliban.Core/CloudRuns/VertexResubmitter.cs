using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>The image a resubmit runs on: a freshly pushed one, or (null) the exact image each job recorded.</summary>
public sealed record PushedImage(RunImage Image, string ImageUri, string? Digest);

/// <summary>
/// Submits recorded Vertex AI jobs again as new jobs of the same experiments: the recorded request body, with the image
/// swapped for <see cref="PushedImage"/> or kept as recorded. Jobs are sent in batches of one project, region and image.
/// </summary>
public static class VertexResubmitter
{
    public static async Task<IReadOnlyList<CloudSubmitOutcome>> ResubmitAsync(
        IReadOnlyList<JobView> jobs, PushedImage? current, string group, string user, int maxParallel,
        Func<VertexJobDetails, IVertexJobsClient> clientFor, JobStore store, ICalibanLog log, CancellationToken ct)
    {
        var prepared = jobs.Select(job => Prepare(job, current)).ToArray();
        var outcomes = new List<CloudSubmitOutcome>();
        foreach (var batch in prepared.GroupBy(entry => (entry.Details.Project, entry.Details.Region, entry.Details.Endpoint, entry.ImageUri, entry.Job.ContainerSpecId)))
        {
            var first = batch.First();
            var submission = new CloudSubmission
            {
                Project = first.Details.Project,
                Region = first.Details.Region,
                Endpoint = first.Details.Endpoint,
                Group = group,
                User = user,
                Image = current?.Image ?? Recorded(first.Job),
                ImageUri = first.ImageUri,
                ImageDigest = current is null ? first.Job.ImageDigest : current.Digest,
                Jobs = batch.Select((entry, position) => new CloudJobRequest(
                    new PlannedJob(position, entry.Job.ExperimentName, entry.Job.Arguments), entry.Request)).ToArray(),
                ExperimentIds = batch.Select(entry => entry.Job.ExperimentId).ToArray(),
                MaxParallel = maxParallel,
            };
            log.Info($"Resubmitting {submission.Jobs.Count} Vertex AI job(s) of group {group} in {submission.Parent} on {submission.ImageUri}.");
            outcomes.AddRange(await new VertexSubmitter(clientFor(first.Details), store, log).SubmitAsync(submission, ct));
        }
        return outcomes;
    }

    private static (JobView Job, VertexJobDetails Details, CustomJob Request, string ImageUri) Prepare(JobView job, PushedImage? current)
    {
        var details = VertexJobDetails.FromJson(job.Details) ?? throw new CalibanException(ErrorCodes.VertexJobRecordUnreadable,
            $"The job history's record of Vertex AI job {job.JobId} has no readable details (project, region). Submit it again with -t:CalibanCloud.");
        var request = VertexJobSpec.FromJson(job.SpecJson, job.JobId).Request;
        if (current is null) return (job, details, request, details.ImageUri);
        var pools = request.JobSpec.WorkerPoolSpecs
            .Select(pool => pool with { ContainerSpec = pool.ContainerSpec with { ImageUri = current.ImageUri } }).ToArray();
        return (job, details, request with { JobSpec = request.JobSpec with { WorkerPoolSpecs = pools } }, current.ImageUri);
    }

    private static RunImage Recorded(JobView job) => new()
    {
        ImageId = job.ImageId, Tag = job.ImageTag, BaseImage = job.BaseImage, GitCommit = job.GitCommit, GitDirty = job.GitDirty,
        ProjectDirectory = job.ProjectDirectory, BuildSpecJson = job.ContainerSpecJson,
    };
}
