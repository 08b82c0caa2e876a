using k8s;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// A connected cluster: the API client and the facts every message and history row names (server, context, namespace,
/// the kubeconfig it came from). Never carries the credentials themselves.
/// </summary>
public sealed class KubeCluster : IDisposable
{
    public required IKubernetes Client { get; init; }

    /// <summary>The API server's URL.</summary>
    public required string Server { get; init; }

    /// <summary>The kubeconfig context; null when running with the pod's in-cluster account.</summary>
    public string? Context { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The kubeconfig file(s) read, as given (':'-separated when KUBECONFIG named several); null in-cluster.</summary>
    public string? KubeConfig { get; init; }

    public KubeLocation Location => new(Server, Context, Namespace);

    /// <summary>"context NAME (URL)" or "the in-cluster account (URL)", for messages.</summary>
    public string Describe() => Location.Describe();

    /// <summary>Where a Job lives, for messages: "namespace NS on context NAME (URL)".</summary>
    public string Where() => Location.Where();

    public void Dispose() => Client.Dispose();
}
