namespace Caliban.Core.Kubernetes;

/// <summary>
/// Which cluster to use: a kubeconfig (CalibanKubeConfig, else KUBECONFIG, else ~/.kube/config, else the pod's
/// in-cluster account), a context in it (CalibanKubeContext, else its current context) and a namespace
/// (CalibanKubeNamespace, else the context's, else "default").
/// </summary>
public sealed record KubeClusterOptions
{
    public string? KubeConfig { get; init; }
    public string? Context { get; init; }
    public string? Namespace { get; init; }

    /// <summary>How long one API request may take before it counts as a dropped connection and is retried.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
