using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// Status, stop and logs for jobs recorded on Vertex AI. Each job's details say where it runs; <paramref name="clientFor"/>
/// gives the client for them (callers cache one per endpoint). A job whose state cannot be read keeps its stored status,
/// with warning CAL4206, so one unreachable job never hides the others. A job recorded without a name (its submission
/// was interrupted while the request was in flight) is looked up by its system labels.
/// </summary>
public sealed class VertexBackend(Func<VertexJobDetails, IVertexJobsClient> clientFor, ICalibanLog log) : IJobBackend
{
    /// <summary>How long a job recorded without a name may still be on its way: after that, not found means it never was.</summary>
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromHours(1);

    public string Name => VertexSubmitter.Backend;

    public async Task<JobStatusUpdate> RefreshAsync(JobView job, CancellationToken ct)
    {
        if (job.Status.IsTerminal() || VertexJobDetails.FromJson(job.Details) is not { } details)
            return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        CustomJob? remote;
        try
        {
            var client = clientFor(details);
            remote = job.ExternalId is { } name ? await client.GetAsync(name, ct) : await FindUnnamedAsync(client, job, ct);
        }
        catch (VertexApiException error) when (error.HttpStatus == 404)
        {
            return new JobStatusUpdate(JobStatus.Unknown); // deleted, or another project's job
        }
        catch (VertexApiException error)
        {
            log.Warning(ErrorCodes.VertexRefreshFailed,
                $"The state of Vertex AI job {job.JobId} ({job.ExternalId ?? details.DisplayName}) could not be read: {VertexFailures.Describe(error)}. Its stored status {job.Status.ToStoredName()} is shown.");
            return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        }
        catch (CalibanException error)
        {
            // No credentials or a bad endpoint: every Vertex AI job says the same, but the history is still worth showing.
            log.Warning(ErrorCodes.VertexRefreshFailed,
                $"The state of Vertex AI job {job.JobId} ({job.ExternalId ?? details.DisplayName}) could not be read: {error.Code}: {error.Message} Its stored status {job.Status.ToStoredName()} is shown.");
            return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        }
        if (remote is null)
            return DateTime.UtcNow - job.CreatedAt > InFlightGrace ? new JobStatusUpdate(JobStatus.Unknown) : new JobStatusUpdate(job.Status);
        var status = VertexStates.ToStatus(remote.State) ?? job.Status;
        DateTime? finished = status.IsTerminal() && DateTime.TryParse(remote.EndTime, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end) ? end : null;
        return new JobStatusUpdate(status, null, finished);
    }

    public async Task StopAsync(JobView job, CancellationToken ct)
    {
        if (VertexJobDetails.FromJson(job.Details) is not { } details) return;
        var client = clientFor(details);
        try
        {
            if ((job.ExternalId ?? (await FindUnnamedAsync(client, job, ct))?.Name) is { } name)
                await client.CancelAsync(name, ct);
        }
        catch (VertexApiException error) when (error.HttpStatus is 404 || error.Status is "FAILED_PRECONDITION")
        {
            // Already ended (or gone): nothing to cancel.
        }
    }

    /// <summary>The job a recorded request became, found by the system labels it was sent with; null when none exists.</summary>
    private static async Task<CustomJob?> FindUnnamedAsync(IVertexJobsClient client, JobView job, CancellationToken ct)
    {
        var spec = VertexJobSpec.FromJson(job.SpecJson, job.JobId);
        return spec.Request.Labels is { } labels && labels.ContainsKey(CloudRunLabels.Submission) && labels.ContainsKey(CloudRunLabels.Job)
            ? await CloudRunLabels.FindAsync(client, spec.Parent, labels, ct)
            : null;
    }

    public Task<string?> GetLogsAsync(JobView job, CancellationToken ct) =>
        Task.FromResult<string?>(VertexLinks.LogsPointer(job.ExternalId, VertexJobDetails.FromJson(job.Details)));
}
