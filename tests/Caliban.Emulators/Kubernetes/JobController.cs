using System.Globalization;
using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// The emulated kubelet, job controller, TTL controller and garbage collector. Each <see cref="Step"/> moves every
/// pod one phase on (Pending → Running → Succeeded/Failed), then lets every unfinished job react: start, replace
/// failed pods within backoffLimit, create pods up to parallelism, and finish with the real server's conditions.
/// Callers hold <see cref="KubeStore.Gate"/>.
/// </summary>
internal sealed class JobController(KubeStore store, Random random)
{
    public void Step(DateTimeOffset now)
    {
        foreach (var ns in store.Namespaces.ToList())
        {
            foreach (var pod in ns.Pods.Values.Where(p => !p.Terminal).ToList())
            {
                AdvancePod(pod, now);
            }
            foreach (var job in ns.Jobs.Values.ToList())
            {
                if (!job.Finished)
                {
                    SyncJob(job, now);
                }
                else if (job.Spec.Int("ttlSecondsAfterFinished") is { } ttl && now >= job.FinishedAt!.Value.AddSeconds(ttl))
                {
                    Delete(job, "Background", now);
                }
            }
        }
    }

    /// <summary>
    /// Deletes a job with the given propagation policy and returns the server's answer: a Status for Background,
    /// the job marked with deletionTimestamp and its finalizer for Foreground and Orphan.
    /// </summary>
    public JsonObject Delete(JobRecord job, string policy, DateTimeOffset now)
    {
        var ns = store.Namespace(job.Namespace)!;
        JsonObject answer;
        if (policy == "Background")
        {
            answer = new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Success",
                ["details"] = new JsonObject { ["name"] = job.Name, ["group"] = "batch", ["kind"] = "jobs", ["uid"] = job.Uid },
            };
        }
        else
        {
            var metadata = job.Object.Obj("metadata")!;
            metadata["deletionTimestamp"] = JsonPaths.Time(now);
            metadata["deletionGracePeriodSeconds"] = 0;
            metadata["finalizers"] = new JsonArray(policy == "Foreground" ? "foregroundDeletion" : "orphan");
            store.Publish(KubeResource.Jobs, job.Namespace, "MODIFIED", job.Object);
            answer = (JsonObject)job.Object.DeepClone();
            metadata.Remove("finalizers");
        }
        if (policy == "Orphan")
        {
            foreach (var pod in job.Pods)
            {
                pod.Owner = null;
                pod.Object.Obj("metadata")!.Remove("ownerReferences");
                store.Publish(KubeResource.Pods, pod.Namespace, "MODIFIED", pod.Object);
            }
        }
        else
        {
            foreach (var pod in job.Pods)
            {
                RemovePod(ns, pod, now);
            }
        }
        job.Pods.Clear();
        job.Finished = true;
        ns.Jobs.Remove(job.Name);
        store.Publish(KubeResource.Jobs, job.Namespace, "DELETED", job.Object);
        return answer;
    }

    private void AdvancePod(PodRecord pod, DateTimeOffset now)
    {
        if (pod.Phase == PodPhase.Pending)
        {
            pod.Phase = PodPhase.Running;
            pod.StartedAt = now;
            foreach (var container in PodFactory.ContainersOf(pod.Object.Obj("spec")!))
            {
                pod.Log.Add(new LogLine(container.Str("name")!, now, PodLogText.StartLine(container, pod.Index)));
            }
        }
        else if (pod.WillFail && pod.Object.Obj("spec").Str("restartPolicy") == "OnFailure")
        {
            // The kubelet restarts the container in place; the job controller counts the restart as a failure.
            pod.RestartCount++;
            AppendToAll(pod, now, PodLogText.FailLine + $"; restarting (restart {pod.RestartCount})");
            if (pod.Owner is { } owner)
            {
                owner.Restarts++;
            }
        }
        else
        {
            pod.Phase = pod.WillFail ? PodPhase.Failed : PodPhase.Succeeded;
            AppendToAll(pod, now, pod.WillFail ? PodLogText.FailLine : PodLogText.SuccessLine);
            if (pod.Owner is { } owner)
            {
                if (pod.Phase == PodPhase.Succeeded)
                {
                    owner.Succeeded++;
                    if (pod.Index is { } index)
                    {
                        owner.CompletedIndexes.Add(index);
                    }
                }
                else
                {
                    owner.Failed++;
                }
            }
        }
        PodFactory.RenderStatus(pod, now);
        store.Publish(KubeResource.Pods, pod.Namespace, "MODIFIED", pod.Object);
        pod.SignalChanged();
    }

    private void SyncJob(JobRecord job, DateTimeOffset now)
    {
        var before = job.Object["status"]?.ToJsonString();
        if (job.Spec.Bool("suspend") == true)
        {
            return;
        }
        if (!job.Started)
        {
            job.Started = true;
            job.StartedAt = now;
        }
        var ns = store.Namespace(job.Namespace)!;
        var active = job.Pods.Where(p => !p.Terminal).ToList();
        var completions = (int?)job.Spec.Int("completions");
        var parallelism = (int)(job.Spec.Int("parallelism") ?? 1);
        var backoffLimit = job.Spec.Int("backoffLimit") ?? 6;
        var deadline = job.Spec.Int("activeDeadlineSeconds");

        if (job.Failed + job.Restarts > backoffLimit)
        {
            Fail(job, ns, active, "BackoffLimitExceeded", "Job has reached the specified backoff limit", now);
        }
        else if (deadline is { } seconds && now >= job.StartedAt!.Value.AddSeconds(seconds))
        {
            Fail(job, ns, active, "DeadlineExceeded", "Job was active longer than specified deadline", now);
        }
        else if (IsComplete(job, completions, active.Count))
        {
            foreach (var type in new[] { "SuccessCriteriaMet", "Complete" })
            {
                job.Conditions.Add(Condition(type, "CompletionsReached", "Reached expected number of succeeded pods", now));
            }
            job.Finished = true;
            job.FinishedAt = now;
        }
        else
        {
            foreach (var index in PodsToCreate(job, completions, parallelism, active))
            {
                var pod = PodFactory.Create(job, index, random, now);
                job.Pods.Add(pod);
                ns.Pods[pod.Name] = pod;
                store.Publish(KubeResource.Pods, pod.Namespace, "ADDED", pod.Object);
            }
        }
        job.Object["status"] = RenderStatus(job);
        if (job.Object["status"]!.ToJsonString() != before)
        {
            store.Publish(KubeResource.Jobs, job.Namespace, "MODIFIED", job.Object);
        }
    }

    private static bool IsComplete(JobRecord job, int? completions, int activeCount) =>
        job.Indexed
            ? job.CompletedIndexes.Count >= completions
            : completions is { } wanted ? job.Succeeded >= wanted : job.Succeeded > 0 && activeCount == 0;

    /// <summary>The pods to start now: null entries for NonIndexed jobs, the lowest missing indexes for Indexed ones.</summary>
    private static IEnumerable<int?> PodsToCreate(JobRecord job, int? completions, int parallelism, List<PodRecord> active)
    {
        var room = parallelism - active.Count;
        if (room <= 0)
        {
            return [];
        }
        if (!job.Indexed)
        {
            var remaining = completions is { } wanted ? wanted - job.Succeeded - active.Count : job.Succeeded == 0 ? room : 0;
            return Enumerable.Repeat<int?>(null, Math.Max(0, Math.Min(room, remaining)));
        }
        var running = active.Select(p => p.Index).ToHashSet();
        return Enumerable.Range(0, completions ?? 0)
            .Where(i => !job.CompletedIndexes.Contains(i) && !running.Contains(i))
            .Take(room)
            .Select(i => (int?)i)
            .ToList();
    }

    private void Fail(JobRecord job, NamespaceRecord ns, List<PodRecord> active, string reason, string message, DateTimeOffset now)
    {
        // The controller terminates the remaining pods; they count as failed.
        foreach (var pod in active)
        {
            job.Failed++;
            job.Pods.Remove(pod);
            RemovePod(ns, pod, now);
        }
        job.Conditions.Add(Condition("FailureTarget", reason, message, now));
        job.Conditions.Add(Condition("Failed", reason, message, now));
        job.Finished = true;
        job.FinishedAt = now;
    }

    private void RemovePod(NamespaceRecord ns, PodRecord pod, DateTimeOffset now)
    {
        pod.Deleted = true;
        ns.Pods.Remove(pod.Name);
        pod.Object.Obj("metadata")!["deletionTimestamp"] = JsonPaths.Time(now);
        pod.Object.Obj("metadata")!["deletionGracePeriodSeconds"] = 0;
        store.Publish(KubeResource.Pods, pod.Namespace, "DELETED", pod.Object);
        pod.SignalChanged();
    }

    private static JsonObject RenderStatus(JobRecord job)
    {
        var active = job.Pods.Count(p => !p.Terminal);
        var status = new JsonObject();
        if (job.Conditions.Count > 0)
        {
            status["conditions"] = new JsonArray(job.Conditions.Select(c => c.DeepClone()).ToArray());
        }
        if (job.StartedAt is { } started)
        {
            status["startTime"] = JsonPaths.Time(started);
        }
        if (job.Finished && job.Conditions.Any(c => c.Str("type") == "Complete"))
        {
            status["completionTime"] = JsonPaths.Time(job.FinishedAt!.Value);
        }
        if (active > 0)
        {
            status["active"] = active;
        }
        if (job.Succeeded > 0)
        {
            status["succeeded"] = job.Succeeded;
        }
        if (job.Failed > 0)
        {
            status["failed"] = job.Failed;
        }
        if (job.Indexed && job.CompletedIndexes.Count > 0)
        {
            status["completedIndexes"] = CompressIndexes(job.CompletedIndexes);
        }
        status["terminating"] = 0;
        status["uncountedTerminatedPods"] = new JsonObject();
        status["ready"] = job.Pods.Count(p => p.Phase == PodPhase.Running);
        return status;
    }

    /// <summary>"0-2,4,6-7": the server's interval notation for completed indexes.</summary>
    internal static string CompressIndexes(IEnumerable<int> indexes)
    {
        var parts = new List<string>();
        int? start = null, previous = null;
        foreach (var index in indexes.Order())
        {
            if (previous is { } p && index == p + 1)
            {
                previous = index;
                continue;
            }
            if (start is not null)
            {
                parts.Add(Range(start.Value, previous!.Value));
            }
            start = previous = index;
        }
        if (start is not null)
        {
            parts.Add(Range(start.Value, previous!.Value));
        }
        return string.Join(",", parts);

        static string Range(int from, int to) => from == to
            ? from.ToString(CultureInfo.InvariantCulture)
            : $"{from.ToString(CultureInfo.InvariantCulture)}-{to.ToString(CultureInfo.InvariantCulture)}";
    }

    private static JsonObject Condition(string type, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastProbeTime"] = JsonPaths.Time(now),
        ["lastTransitionTime"] = JsonPaths.Time(now),
        ["reason"] = reason,
        ["message"] = message,
    };

    private static void AppendToAll(PodRecord pod, DateTimeOffset now, string text)
    {
        foreach (var name in pod.ContainerNames)
        {
            pod.Log.Add(new LogLine(name, now, text));
        }
    }
}
