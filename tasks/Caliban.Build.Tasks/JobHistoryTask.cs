using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.History;
using Caliban.Core.Kubernetes;
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

    private ContainerEngine? _engine;
    private KubernetesBackend? _kubernetes;
    private ICalibanLog _log = NullCalibanLog.Instance;
    private VertexClients? _vertex;

    /// <summary>Vertex AI clients for this task run, made on first use.</summary>
    private protected VertexClients Vertex => _vertex ??= new VertexClients(VertexEndpoint, CloudKeyFile);

    protected string? Group => string.IsNullOrWhiteSpace(ExperimentGroup) ? null : ExperimentGroup.Trim();

    protected Core.History.JobStore OpenStore() => Core.History.JobStore.Open(string.IsNullOrWhiteSpace(JobStore) ? null : JobStore);

    protected JobRefresher Refresher(Core.History.JobStore store, ICalibanLog log)
    {
        _log = log; // backends that warn (a cluster out of reach) report here
        return new(store, BackendAsync, log);
    }

    protected async Task<ContainerEngine> EngineAsync(ICalibanLog log, CancellationToken ct) =>
        _engine ??= await ContainerEngine.ConnectAsync(log, ct);

    /// <summary>Fails with CAL6102 when a group was named and has no jobs for this user.</summary>
    protected void RequireGroupExists(Core.History.JobStore store)
    {
        if (Group is { } group && store.ListGroups(RunSettings.User).All(known => known.Name != group))
            throw new CalibanException(ErrorCodes.ExperimentGroupNotFound,
                $"There is no experiment group '{group}' for user {RunSettings.User} in {store.Path}. Check CalibanExperimentGroup (CalibanStatus lists the groups).");
    }

    private async Task<IJobBackend?> BackendAsync(string name, CancellationToken ct) => name switch
    {
        LocalRunCoordinator.Backend => new LocalBackend(await EngineAsync(NullCalibanLog.Instance, ct)),
        ClusterSubmission.Backend => _kubernetes ??= new KubernetesBackend(_log),
        VertexSubmitter.Backend => new VertexBackend(Vertex.For, _log),
        _ => null,
    };

    protected override void Cleanup()
    {
        _engine?.Dispose();
        _kubernetes?.Dispose();
        _vertex?.Dispose();
    }
}
