using k8s;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>One pod of a Job Caliban created, as `caliban cluster pod ls` shows it.</summary>
public sealed record ClusterPod(string Name, string? JobName, string Phase, string? Group, DateTime? StartedAt, string? Node);

/// <summary>The pods of the Jobs Caliban created in a cluster's namespace (Caliban's `cluster pod ls`), optionally of one group.</summary>
public static class ClusterPods
{
    public static async Task<IReadOnlyList<ClusterPod>> ListAsync(KubeCluster cluster, string? group, CancellationToken ct)
    {
        var selector = $"{KubeLabels.ManagedBy}={KubeLabels.ManagedByValue}";
        if (group is not null) selector += $",{KubeLabels.Group}={KubeNames.LabelValue(group)}";
        V1PodList pods;
        try
        {
            pods = await KubeRetryPolicy.Default.RunAsync(token => cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, labelSelector: selector, cancellationToken: token), ct);
        }
        catch (Exception error) when (error is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            throw KubeApiErrors.From(error, cluster.Location, $"list the pods in namespace {cluster.Namespace}");
        }
        return pods.Items
            .Select(pod => new ClusterPod(
                pod.Metadata.Name,
                Label(pod, KubeLabels.JobName),
                pod.Status?.Phase ?? "Unknown",
                Label(pod, KubeLabels.Group),
                pod.Status?.StartTime,
                pod.Spec?.NodeName))
            .OrderBy(pod => pod.JobName, StringComparer.Ordinal).ThenBy(pod => pod.Name, StringComparer.Ordinal)
            .ToArray();
    }

    private static string? Label(V1Pod pod, string key) => pod.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
