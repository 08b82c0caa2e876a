using Caliban.Cli.Output;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Cli.Commands;

/// <summary>
/// The job history read directly (no MSBuild: status must answer in well under a second): the store at CALIBAN_DB or
/// ~/.caliban/caliban.db, and refreshing of the jobs that can still change from their backends: local jobs from the
/// engine, Vertex AI and Kubernetes jobs from the endpoint and cluster each recorded.
/// </summary>
internal sealed class History : IDisposable
{
    private readonly ConsoleCalibanLog _log = new();
    private readonly JobBackends _backends;
    private ContainerEngine? _engine;
    private bool _engineFailed;

    public History()
    {
        Store = JobStore.Open();
        _backends = new JobBackends(_log);
    }

    public JobStore Store { get; }

    public static string User => Environment.UserName;

    /// <summary>CAL6102 when a group was named and has no jobs for this user.</summary>
    public void RequireGroup(string? group)
    {
        if (group is not null && Store.ListGroups(User).All(known => known.Name != group))
            throw new CalibanException(ErrorCodes.ExperimentGroupNotFound,
                $"There is no experiment group '{group}' for user {User} in {Store.Path}. Check --xgroup ('caliban status' lists the groups).");
    }

    public Task<IReadOnlyList<JobView>> RefreshAsync(IReadOnlyList<JobView> jobs, CancellationToken ct) =>
        new JobRefresher(Store, BackendAsync, _log).RefreshAsync(jobs, ct);

    private async Task<IJobBackend?> BackendAsync(string name, CancellationToken ct)
    {
        if (name != LocalRunCoordinator.Backend) return await _backends.ForAsync(name, ct);
        if (_engine is null && !_engineFailed)
        {
            try
            {
                _engine = await _backends.EngineAsync(NullCalibanLog.Instance, ct);
            }
            catch (CalibanException error)
            {
                // The history is still worth seeing without an engine: stored statuses, with the reason.
                _engineFailed = true;
                _log.Warning(error.Code, $"{error.Message} Showing the stored status of local jobs.");
                _log.Suppress(ErrorCodes.JobBackendUnknown);
            }
        }
        return _engine is null ? null : new LocalBackend(_engine);
    }

    public void Dispose()
    {
        _backends.Dispose();
        Store.Dispose();
    }
}
