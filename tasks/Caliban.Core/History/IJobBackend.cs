namespace Caliban.Core.History;

/// <summary>
/// Where jobs run (local Docker, Vertex AI, Kubernetes), seen from the job history: refresh, stop and read logs of a
/// recorded job. Submission is not here: each backend takes different inputs, so callers submit through the backend's
/// own API and then record the job with <see cref="JobStore.AddJob"/>.
/// </summary>
public interface IJobBackend
{
    /// <summary>The name stored in <see cref="NewJob.Backend"/> for this backend's jobs.</summary>
    string Name { get; }

    /// <summary>Asks the backend where the job is now; the caller stores the answer with <see cref="JobStore.UpdateJob"/>.</summary>
    Task<JobStatusUpdate> RefreshAsync(JobView job, CancellationToken ct);

    /// <summary>Asks the backend to stop the job; a job that already ended is left alone.</summary>
    Task StopAsync(JobView job, CancellationToken ct);

    /// <summary>The job's output so far, or null when the backend no longer has it.</summary>
    Task<string?> GetLogsAsync(JobView job, CancellationToken ct);
}

/// <summary>A backend's answer to <see cref="IJobBackend.RefreshAsync"/>.</summary>
public sealed record JobStatusUpdate(JobStatus Status, int? ExitCode = null, DateTime? FinishedAt = null);
