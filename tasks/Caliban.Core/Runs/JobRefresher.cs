using Caliban.Core.Diagnostics;
using Caliban.Core.History;

namespace Caliban.Core.Runs;

/// <summary>
/// Asks each job's backend for its state and writes changes to the history. Only jobs that can still change are
/// asked; a backend is made (for example the engine connected) only when one of its jobs needs it.
/// </summary>
public sealed class JobRefresher(JobStore store, Func<string, CancellationToken, Task<IJobBackend?>> backendFor, ICalibanLog log)
{
    private readonly Dictionary<string, IJobBackend?> _backends = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<JobView>> RefreshAsync(IReadOnlyList<JobView> jobs, CancellationToken ct)
    {
        var refreshed = new List<JobView>(jobs.Count);
        foreach (var job in jobs)
        {
            if (job.Status.IsTerminal() || await BackendAsync(job.Backend, ct) is not { } backend)
            {
                refreshed.Add(job);
                continue;
            }
            var update = await backend.RefreshAsync(job, ct);
            if (update.Status == job.Status && update.ExitCode == job.ExitCode)
            {
                refreshed.Add(job);
                continue;
            }
            store.UpdateJob(job.JobId, new JobUpdate { Status = update.Status, ExitCode = update.ExitCode, FinishedAt = update.FinishedAt });
            refreshed.Add(job with { Status = update.Status, ExitCode = update.ExitCode ?? job.ExitCode, FinishedAt = update.FinishedAt ?? job.FinishedAt });
        }
        return refreshed;
    }

    public async Task<IJobBackend?> BackendAsync(string name, CancellationToken ct)
    {
        if (!_backends.TryGetValue(name, out var backend))
        {
            backend = await backendFor(name, ct);
            if (backend is null) log.Warning(ErrorCodes.JobBackendUnknown, $"Jobs of backend '{name}' cannot be refreshed or stopped by this version of Caliban.Sdk; their stored status is shown.");
            _backends[name] = backend;
        }
        return backend;
    }
}
