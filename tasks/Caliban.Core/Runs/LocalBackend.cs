using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.History;

namespace Caliban.Core.Runs;

/// <summary>Status, stop and logs for jobs that ran in containers on the local engine.</summary>
public sealed class LocalBackend(ContainerEngine engine) : IJobBackend
{
    public string Name => LocalRunCoordinator.Backend;

    public async Task<JobStatusUpdate> RefreshAsync(JobView job, CancellationToken ct)
    {
        if (job.Status.IsTerminal()) return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        if (job.ExternalId is null) return new JobStatusUpdate(job.Status); // recorded, not started yet

        var (outcome, exitCode, exists) = await LocalContainers.InspectAsync(engine, job.ExternalId, ct);
        if (!exists) return new JobStatusUpdate(JobStatus.Unknown); // its run ended without recording it (killed)
        return outcome is null
            ? new JobStatusUpdate(JobStatus.Running)
            : new JobStatusUpdate(LocalRunCoordinator.ToStatus(outcome.Value), exitCode, DateTime.UtcNow);
    }

    public async Task StopAsync(JobView job, CancellationToken ct)
    {
        if (job.ExternalId is not null) await LocalContainers.StopAsync(engine, job.ExternalId, ct);
    }

    public async Task<string?> GetLogsAsync(JobView job, CancellationToken ct) =>
        job.LogPath is not null && File.Exists(job.LogPath) ? await File.ReadAllTextAsync(job.LogPath, ct) : null;
}
