using Caliban.Core.Net;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// Submits a sweep as Vertex AI custom jobs and keeps the job history true while it does. Every job is recorded
/// SUBMITTED before anything is sent (so a crash leaves a trace), then gets its Vertex AI name, or FAILED with the
/// reason; one job's failure does not hold up the others. Requests go out <see cref="CloudSubmission.MaxParallel"/> at
/// a time; transient failures are retried with backoff and jitter. Submission is idempotent: each job carries labels
/// naming the submission and its history row, and after a failed create whose outcome is unknown the job is looked up
/// by them before creating it again, so a CalibanJob never becomes two Vertex AI jobs.
/// </summary>
public sealed class VertexSubmitter(IVertexJobsClient client, JobStore store, ICalibanLog log)
{
    public const string Backend = "vertex";

    /// <summary>How many creates are in flight when CalibanSubmitParallel is not set (the cluster's default differs).</summary>
    public const int DefaultParallel = 16;

    private readonly Lock _logGate = new();

    // Set when the service refuses the caller itself (401, 403): every other job would be refused the same way.
    private string? _refusedAll;

    public async Task<IReadOnlyList<CloudSubmitOutcome>> SubmitAsync(CloudSubmission submission, CancellationToken cancellationToken)
    {
        var jobs = submission.Jobs;
        if (jobs.Count == 0) return [];
        var requests = jobs.Select((request, position) => WithSystemLabels(request.Request, submission.SubmissionId, position)).ToArray();
        var jobIds = Record(submission, requests);

        var outcomes = new CloudSubmitOutcome?[jobs.Count];
        var started = new bool[jobs.Count];
        var finished = 0;
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, submission.MaxParallel), CancellationToken = cancellationToken },
                async (position, ct) =>
                {
                    Volatile.Write(ref started[position], true);
                    var outcome = await SubmitOneAsync(submission, jobs[position].Job, requests[position], jobIds[position], ct);
                    outcomes[position] = outcome;
                    var count = Interlocked.Increment(ref finished);
                    lock (_logGate)
                    {
                        log.Info(outcome.Submitted
                            ? $"[{count}/{jobs.Count}] submitted {outcome.DisplayName}: {outcome.VertexName}"
                            : $"[{count}/{jobs.Count}] FAILED {outcome.DisplayName}: {outcome.Error}");
                    }
                });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Jobs never sent are STOPPED (CalibanResubmit offers them again); a job whose request was in flight may
            // exist, so it stays SUBMITTED, findable by its labels.
            for (var position = 0; position < jobs.Count; position++)
            {
                if (outcomes[position] is null && !Volatile.Read(ref started[position]))
                    store.UpdateJob(jobIds[position], new JobUpdate { Status = JobStatus.Stopped, FinishedAt = DateTime.UtcNow });
            }
            throw;
        }
        return outcomes.Select(outcome => outcome!).ToArray();
    }

    /// <summary>Stores group, image, experiments and one SUBMITTED row per job, in that order, before any request is sent.</summary>
    private IReadOnlyList<long> Record(CloudSubmission submission, IReadOnlyList<CustomJob> requests)
    {
        var jobs = submission.Jobs;
        var experiments = RunHistory.RecordExperiments(store, submission.Group, submission.User, submission.Image, submission.ImageDigest,
            jobs.Select(request => request.Job).ToArray(), submission.ExperimentIds);
        return store.AddJobs(jobs.Select((request, position) => new NewJob
        {
            ExperimentId = experiments[position],
            Backend = Backend,
            Status = JobStatus.Submitted,
            SpecJson = new VertexJobSpec(submission.Parent, requests[position]).ToJson(),
            User = submission.User,
            Details = Details(submission, request.Request).ToJson(),
        }).ToArray());
    }

    private async Task<CloudSubmitOutcome> SubmitOneAsync(
        CloudSubmission submission, PlannedJob planned, CustomJob body, long jobId, CancellationToken ct)
    {
        var details = Details(submission, body);
        var displayName = body.DisplayName;
        var mayExist = false; // true once a create may have reached the service without us hearing back
        for (var attempt = 1; ; attempt++)
        {
            if (!mayExist && Volatile.Read(ref _refusedAll) is { } refused)
                return Failed(planned, jobId, details, $"not sent, because {refused}");
            try
            {
                CustomJob? job = null;
                if (mayExist)
                {
                    job = await CloudRunLabels.FindAsync(client, submission.Parent, body.Labels!, ct);
                    if (job is not null) log.Detail($"{displayName}: found {job.Name}, created by an earlier attempt.");
                }
                job ??= await client.CreateAsync(submission.Parent, body, ct);
                return Accepted(submission, planned, jobId, details, job);
            }
            catch (VertexApiException error) when (error.IsTransient && attempt < submission.Retry.MaxAttempts)
            {
                mayExist = true;
                var wait = submission.Retry.DelayAfter(attempt, error.RetryAfter);
                log.Detail($"{displayName}: attempt {attempt} failed ({VertexFailures.Describe(error)}); trying again in {wait.TotalSeconds:0.0} s.");
                await Task.Delay(wait, ct);
            }
            catch (VertexApiException error)
            {
                var why = VertexFailures.Explain(error, $"submitting {displayName}");
                if (error.HttpStatus is 401 or 403) Interlocked.CompareExchange(ref _refusedAll, $"{displayName} was refused: {why}", null);
                return Failed(planned, jobId, details, error.IsTransient
                    ? $"gave up after {attempt} attempts; the job may exist all the same (label {CloudRunLabels.Submission}={submission.SubmissionId}). {why}"
                    : why);
            }
            catch (CalibanException error)
            {
                // No token (credentials expired or revoked mid-run): the same for every job.
                Interlocked.CompareExchange(ref _refusedAll, $"{displayName} could not be sent: {error.Code}: {error.Message}", null);
                return Failed(planned, jobId, details, $"{error.Code}: {error.Message}");
            }
        }
    }

    private CloudSubmitOutcome Failed(PlannedJob planned, long jobId, VertexJobDetails details, string why)
    {
        store.UpdateJob(jobId, new JobUpdate { Status = JobStatus.Failed, FinishedAt = DateTime.UtcNow, Details = (details with { Error = why }).ToJson() });
        return new CloudSubmitOutcome(planned, jobId, details.DisplayName, null, null, why);
    }

    private static CustomJob WithSystemLabels(CustomJob request, string submissionId, int position)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Labels ?? new Dictionary<string, string>()) labels[key] = value;
        foreach (var (key, value) in CloudRunLabels.For(submissionId, position)) labels[key] = value;
        return request with { Labels = labels };
    }

    private CloudSubmitOutcome Accepted(CloudSubmission submission, PlannedJob planned, long jobId, VertexJobDetails details, CustomJob job)
    {
        if (string.IsNullOrEmpty(job.Name))
            throw new VertexApiException(null, null, "Vertex AI accepted the job but returned no name.", isTransient: false);
        var consoleUrl = VertexLinks.ConsoleUrl(job.Name);
        store.UpdateJob(jobId, new JobUpdate
        {
            ExternalId = job.Name,
            Status = VertexStates.ToStatus(job.State) ?? JobStatus.Submitted,
            Details = (details with { ConsoleUrl = consoleUrl }).ToJson(),
        });
        return new CloudSubmitOutcome(planned, jobId, details.DisplayName, job.Name, consoleUrl, null);
    }

    private static VertexJobDetails Details(CloudSubmission submission, CustomJob request) => new()
    {
        Project = submission.Project,
        Region = submission.Region,
        Endpoint = submission.Endpoint,
        DisplayName = request.DisplayName,
        ImageUri = submission.ImageUri,
        ImageDigest = submission.ImageDigest,
        Submission = submission.SubmissionId,
    };
}
