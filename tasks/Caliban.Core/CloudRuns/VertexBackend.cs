using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// Status, stop and logs for jobs recorded on Vertex AI. Each job's details say where it runs; <paramref name="clientFor"/>
/// gives the client for them (callers cache one per endpoint). A job whose state cannot be read keeps its stored status,
/// with warning CAL4206, so one unreachable job never hides the others.
/// </summary>
public sealed class VertexBackend(Func<VertexJobDetails, IVertexJobsClient> clientFor, ICalibanLog log) : IJobBackend
{
    public string Name => VertexSubmitter.Backend;

    public async Task<JobStatusUpdate> RefreshAsync(JobView job, CancellationToken ct)
    {
        if (job.Status.IsTerminal() || job.ExternalId is null || VertexJobDetails.FromJson(job.Details) is not { } details)
            return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt); // nothing to ask about (no name recorded)
        CustomJob remote;
        try
        {
            remote = await clientFor(details).GetAsync(job.ExternalId, ct);
        }
        catch (VertexApiException error) when (error.HttpStatus == 404)
        {
            return new JobStatusUpdate(JobStatus.Unknown); // deleted, or another project's job
        }
        catch (VertexApiException error)
        {
            log.Warning(ErrorCodes.VertexRefreshFailed,
                $"The state of Vertex AI job {job.JobId} ({job.ExternalId}) could not be read: {VertexFailures.Describe(error)}. Its stored status {job.Status.ToStoredName()} is shown.");
            return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        }
        var status = VertexStates.ToStatus(remote.State) ?? job.Status;
        DateTime? finished = status.IsTerminal() && DateTime.TryParse(remote.EndTime, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var end) ? end : null;
        return new JobStatusUpdate(status, null, finished);
    }

    public async Task StopAsync(JobView job, CancellationToken ct)
    {
        if (job.ExternalId is null || VertexJobDetails.FromJson(job.Details) is not { } details) return;
        try
        {
            await clientFor(details).CancelAsync(job.ExternalId, ct);
        }
        catch (VertexApiException error) when (error.HttpStatus is 404 || error.Status is "FAILED_PRECONDITION")
        {
            // Already ended (or gone): nothing to cancel.
        }
    }

    public Task<string?> GetLogsAsync(JobView job, CancellationToken ct) =>
        Task.FromResult<string?>(VertexLinks.LogsPointer(job.ExternalId, VertexJobDetails.FromJson(job.Details)));
}
