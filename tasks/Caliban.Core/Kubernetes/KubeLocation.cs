namespace Caliban.Core.Kubernetes;

/// <summary>Where Jobs go, as messages name it: the API server, the kubeconfig context (null in-cluster) and the namespace.</summary>
public sealed record KubeLocation(string Server, string? Context, string Namespace)
{
    /// <summary>"context NAME (URL)" or "the in-cluster account (URL)".</summary>
    public string Describe() => Context is null ? $"the in-cluster account ({Server})" : $"context {Context} ({Server})";

    /// <summary>"namespace NS on context NAME (URL)".</summary>
    public string Where() => $"namespace {Namespace} on {Describe()}";
}
