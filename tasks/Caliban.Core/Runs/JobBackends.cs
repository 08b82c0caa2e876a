using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.History;
using Caliban.Core.Kubernetes;

namespace Caliban.Core.Runs;

/// <summary>
/// The job history's backends by name — the local engine, Vertex AI, Kubernetes — each made only when one of its jobs
/// needs it, for status, stop, resubmit and logs (the MSBuild tasks and the `caliban` tool alike).
/// </summary>
/// <param name="vertexEndpoint">CalibanVertexEndpoint; empty means the endpoint each job was submitted to.</param>
/// <param name="cloudKeyFile">CalibanCloudKeyFile; empty means CALIBAN_GOOGLE_ACCESS_TOKEN or Application Default Credentials.</param>
public sealed class JobBackends(ICalibanLog log, string? vertexEndpoint = null, string? cloudKeyFile = null) : IDisposable
{
    private ContainerEngine? _engine;
    private KubernetesBackend? _kubernetes;
    private VertexClients? _vertex;

    public VertexClients Vertex => _vertex ??= new VertexClients(vertexEndpoint, cloudKeyFile);

    public async Task<ContainerEngine> EngineAsync(ICalibanLog engineLog, CancellationToken ct) =>
        _engine ??= await ContainerEngine.ConnectAsync(engineLog, ct);

    /// <summary>The backend named <paramref name="name"/>, or null for one this version does not know.</summary>
    public async Task<IJobBackend?> ForAsync(string name, CancellationToken ct) => name switch
    {
        LocalRunCoordinator.Backend => new LocalBackend(await EngineAsync(NullCalibanLog.Instance, ct)),
        ClusterSubmission.Backend => _kubernetes ??= new KubernetesBackend(log),
        VertexSubmitter.Backend => new VertexBackend(Vertex.For, log),
        _ => null,
    };

    public void Dispose()
    {
        _engine?.Dispose();
        _kubernetes?.Dispose();
        _vertex?.Dispose();
    }
}
