using System.Globalization;
using Caliban.Core.History;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// A Job's status as a history status: condition Complete → SUCCEEDED, Failed → FAILED, active pods → RUNNING, nothing
/// yet → SUBMITTED (Caliban reported failed GKE Jobs as SUBMITTED; this does not). For one index of an Indexed Job:
/// completedIndexes/failedIndexes, else the index's newest pod.
/// </summary>
public static class JobConditions
{
    public static JobStatusUpdate Of(V1Job job)
    {
        var status = job.Status;
        if (Condition(job, "Complete") is { } complete) return new JobStatusUpdate(JobStatus.Succeeded, FinishedAt: status?.CompletionTime ?? complete.LastTransitionTime);
        if (Condition(job, "Failed") is { } failed) return new JobStatusUpdate(JobStatus.Failed, FinishedAt: failed.LastTransitionTime);
        if (status?.CompletionTime is { } completed && (status.Succeeded ?? 0) > 0) return new JobStatusUpdate(JobStatus.Succeeded, FinishedAt: completed);
        return (status?.Active ?? 0) > 0 ? new JobStatusUpdate(JobStatus.Running) : new JobStatusUpdate(JobStatus.Submitted);
    }

    public static JobStatusUpdate OfIndex(V1Job job, int index, IReadOnlyList<V1Pod> podsOfIndex)
    {
        var status = job.Status;
        if (Contains(status?.CompletedIndexes, index)) return new JobStatusUpdate(JobStatus.Succeeded, FinishedAt: LastFinish(podsOfIndex));
        if (Contains(status?.FailedIndexes, index)) return new JobStatusUpdate(JobStatus.Failed, FinishedAt: LastFinish(podsOfIndex));
        var newest = podsOfIndex.OrderByDescending(pod => pod.Metadata?.CreationTimestamp ?? DateTime.MinValue).FirstOrDefault();
        var finished = Condition(job, "Complete") is not null || Condition(job, "Failed") is not null;
        return newest?.Status?.Phase switch
        {
            "Succeeded" => new JobStatusUpdate(JobStatus.Succeeded, ExitCode(newest), LastFinish(podsOfIndex)),
            // A failed pod may be retried (backoffLimitPerIndex); once the Job has finished it is final.
            "Failed" when finished || podsOfIndex.Count > (job.Spec?.BackoffLimitPerIndex ?? 0) => new JobStatusUpdate(JobStatus.Failed, ExitCode(newest), LastFinish(podsOfIndex)),
            "Running" or "Failed" => new JobStatusUpdate(JobStatus.Running),
            _ when Condition(job, "Complete") is not null => new JobStatusUpdate(JobStatus.Succeeded, FinishedAt: status?.CompletionTime),
            _ when Condition(job, "Failed") is not null => new JobStatusUpdate(JobStatus.Failed),
            _ => new JobStatusUpdate(JobStatus.Submitted),
        };
    }

    /// <summary>Whether <paramref name="index"/> is in a Kubernetes index set such as "0-2,5,7-9".</summary>
    public static bool Contains(string? indexSet, int index)
    {
        if (string.IsNullOrWhiteSpace(indexSet)) return false;
        foreach (var part in indexSet.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-');
            if (dash < 0)
            {
                if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var single) && single == index) return true;
            }
            else if (int.TryParse(part[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
                     && int.TryParse(part[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
                     && index >= low && index <= high)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The exit code of the job's container in <paramref name="pod"/>, when it has ended.</summary>
    public static int? ExitCode(V1Pod? pod) =>
        pod?.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ClusterJobSettings.ContainerName)?.State?.Terminated?.ExitCode
        ?? pod?.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated?.ExitCode;

    /// <summary>The completion index of a pod of an Indexed Job (label, else annotation), or null.</summary>
    public static int? IndexOf(V1Pod pod)
    {
        string? text = null;
        if (pod.Metadata?.Labels?.TryGetValue(KubeLabels.CompletionIndex, out var label) == true) text = label;
        else if (pod.Metadata?.Annotations?.TryGetValue(KubeLabels.CompletionIndex, out var annotation) == true) text = annotation;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }

    private static V1JobCondition? Condition(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type && string.Equals(c.Status, "True", StringComparison.OrdinalIgnoreCase));

    private static DateTime? LastFinish(IReadOnlyList<V1Pod> pods) => pods
        .Select(pod => pod.Status?.ContainerStatuses?.FirstOrDefault()?.State?.Terminated?.FinishedAt)
        .Where(time => time is not null).DefaultIfEmpty(null).Max();
}
