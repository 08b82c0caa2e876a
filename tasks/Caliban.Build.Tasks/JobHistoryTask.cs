using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Build.Tasks;

/// <summary>
/// Base of the tasks that use the job history (run, status, stop, resubmit, logs): opens the store and makes each
/// backend (for local jobs, the engine connection) only when one of its jobs needs it.
/// </summary>
public abstract class JobHistoryTask : CalibanTask
{
    /// <summary>CalibanJobStore: the history database; empty means CALIBAN_DB, else ~/.caliban/caliban.db.</summary>
    public string? JobStore { get; set; }

    /// <summary>CalibanExperimentGroup: limits the command to one group.</summary>
    public string? ExperimentGroup { get; set; }

    /// <summary>CalibanVertexEndpoint: the Vertex AI base URL for every job (a proxy, or an emulator in tests).</summary>
    public string? VertexEndpoint { get; set; }

    /// <summary>CalibanCloudKeyFile: a service-account key for Vertex AI; else CALIBAN_GOOGLE_ACCESS_TOKEN or ADC.</summary>
    public string? CloudKeyFile { get; set; }

    private JobBackends? _backends;

    /// <summary>The backends, made once per task run; <paramref name="log"/> hears their warnings (a cluster out of reach).</summary>
    private protected JobBackends Backends(ICalibanLog log) => _backends ??= new JobBackends(log, VertexEndpoint, CloudKeyFile);

    /// <summary>Vertex AI clients for this task run, made on first use.</summary>
    private protected VertexClients Vertex => Backends(NullCalibanLog.Instance).Vertex;

    protected string? Group => string.IsNullOrWhiteSpace(ExperimentGroup) ? null : ExperimentGroup.Trim();

    protected Core.History.JobStore OpenStore() => Core.History.JobStore.Open(string.IsNullOrWhiteSpace(JobStore) ? null : JobStore);

    protected JobRefresher Refresher(Core.History.JobStore store, ICalibanLog log) => new(store, Backends(log).ForAsync, log);

    protected Task<ContainerEngine> EngineAsync(ICalibanLog log, CancellationToken ct) => Backends(log).EngineAsync(log, ct);

    /// <summary>Fails with CAL6102 when a group was named and has no jobs for this user.</summary>
    protected void RequireGroupExists(Core.History.JobStore store)
    {
        if (Group is { } group && store.ListGroups(RunSettings.User).All(known => known.Name != group))
            throw new CalibanException(ErrorCodes.ExperimentGroupNotFound,
                $"There is no experiment group '{group}' for user {RunSettings.User} in {store.Path}. Check CalibanExperimentGroup (CalibanStatus lists the groups).");
    }

    protected override void Cleanup() => _backends?.Dispose();
}
