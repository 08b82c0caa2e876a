using Caliban.Core.Diagnostics;
using Caliban.Core.History;

namespace Caliban.Build.Tasks;

/// <summary>Stops the user's running jobs (SUBMITTED or RUNNING), of one group or all, and records them as STOPPED.</summary>
public sealed class StopCalibanJobs : JobHistoryTask
{
    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        using var store = OpenStore();
        RequireGroupExists(store);
        var refresher = Refresher(store, log);
        var active = await refresher.RefreshAsync(store.ListJobs(new JobQuery
        {
            Group = Group,
            User = RunSettings.User,
            Statuses = [JobStatus.Submitted, JobStatus.Running],
        }), cancellationToken);
        active = active.Where(job => !job.Status.IsTerminal()).ToArray();
        if (active.Count == 0)
        {
            log.Info(Group is null ? "No running jobs to stop." : $"No running jobs to stop in group {Group}.");
            return;
        }
        foreach (var job in active)
        {
            if (await refresher.BackendAsync(job.Backend, cancellationToken) is not { } backend) continue;
            await backend.StopAsync(job, cancellationToken);
            store.UpdateJob(job.JobId, new JobUpdate { Status = JobStatus.Stopped, FinishedAt = DateTime.UtcNow });
            log.Info($"Stopped job {job.JobId} {job.ExperimentName} (group {job.GroupName}).");
        }
    }
}
