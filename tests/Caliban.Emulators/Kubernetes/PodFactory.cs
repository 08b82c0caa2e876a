using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// Builds the pods the job controller creates for a Job: the template with the controller labels, owner reference,
/// tracking finalizer, and for Indexed jobs the completion-index label, annotation, hostname and
/// JOB_COMPLETION_INDEX variable. Also renders a pod's status for its phase.
/// </summary>
internal static class PodFactory
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    public const string NodeName = "emulator-node-1";

    public static PodRecord Create(JobRecord job, int? index, Random random, DateTimeOffset now)
    {
        var template = job.Spec.Obj("template") ?? new JsonObject();
        var baseName = index is null ? job.Name + "-" : $"{job.Name}-{index}-";
        if (baseName.Length > 58)
        {
            baseName = baseName[..58];
        }
        var name = baseName + new string(Enumerable.Range(0, 5).Select(_ => NameAlphabet[random.Next(NameAlphabet.Length)]).ToArray());

        var labels = template.Obj("metadata").Obj("labels")?.DeepClone() as JsonObject ?? new JsonObject();
        var annotations = template.Obj("metadata").Obj("annotations")?.DeepClone() as JsonObject ?? new JsonObject();
        var spec = (JsonObject)(template.Obj("spec")?.DeepClone() ?? new JsonObject());
        if (index is { } i)
        {
            labels[JobDefaults.CompletionIndexLabel] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            annotations[JobDefaults.CompletionIndexLabel] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            spec["hostname"] ??= $"{job.Name}-{i}";
            foreach (var container in ContainersOf(spec))
            {
                var env = container["env"] as JsonArray ?? [];
                container["env"] = env;
                if (!env.Any(e => e.Str("name") == "JOB_COMPLETION_INDEX"))
                {
                    env.Add(new JsonObject
                    {
                        ["name"] = "JOB_COMPLETION_INDEX",
                        ["valueFrom"] = new JsonObject
                        {
                            ["fieldRef"] = new JsonObject
                            {
                                ["apiVersion"] = "v1",
                                ["fieldPath"] = $"metadata.labels['{JobDefaults.CompletionIndexLabel}']",
                            },
                        },
                    });
                }
            }
        }
        spec["nodeName"] = NodeName;
        spec["serviceAccountName"] ??= "default";

        var metadata = new JsonObject
        {
            ["name"] = name,
            ["generateName"] = baseName,
            ["namespace"] = job.Namespace,
            ["uid"] = Guid.NewGuid().ToString(),
            ["creationTimestamp"] = JsonPaths.Time(now),
            ["labels"] = labels,
        };
        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations;
        }
        metadata["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["name"] = job.Name,
            ["uid"] = job.Uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        metadata["finalizers"] = new JsonArray("batch.kubernetes.io/job-tracking");

        var pod = new PodRecord(new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = metadata,
            ["spec"] = spec,
        })
        {
            Owner = job,
            Index = index,
            WillFail = ContainersOf(spec).Any(c =>
                (c.Arr("args")?.Any(a => a?.ToString() == "--fail") ?? false) ||
                (c.Arr("command")?.Any(a => a?.ToString() == "--fail") ?? false)),
        };
        RenderStatus(pod, now);
        return pod;
    }

    /// <summary>Writes the pod's status object for its current phase.</summary>
    public static void RenderStatus(PodRecord pod, DateTimeOffset now)
    {
        var started = pod.StartedAt is { } s ? JsonPaths.Time(s) : null;
        var statuses = new JsonArray();
        foreach (var container in ContainersOf(pod.Object.Obj("spec")!))
        {
            JsonObject state = pod.Phase switch
            {
                PodPhase.Pending => new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
                PodPhase.Running => new JsonObject { ["running"] = new JsonObject { ["startedAt"] = started } },
                _ => new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = pod.Phase == PodPhase.Succeeded ? 0 : 1,
                        ["reason"] = pod.Phase == PodPhase.Succeeded ? "Completed" : "Error",
                        ["startedAt"] = started,
                        ["finishedAt"] = JsonPaths.Time(now),
                    },
                },
            };
            statuses.Add(new JsonObject
            {
                ["name"] = container.Str("name"),
                ["state"] = state,
                ["ready"] = pod.Phase == PodPhase.Running,
                ["restartCount"] = pod.RestartCount,
                ["image"] = container.Str("image"),
                ["imageID"] = pod.Phase == PodPhase.Pending ? "" : "emulator://" + container.Str("image"),
                ["started"] = pod.Phase == PodPhase.Running,
            });
        }
        var status = new JsonObject
        {
            ["phase"] = pod.Phase.ToString(),
            ["conditions"] = new JsonArray(Condition("PodScheduled", true, now),
                Condition("Ready", pod.Phase == PodPhase.Running, now)),
            ["hostIP"] = "10.0.0.1",
        };
        if (pod.Phase != PodPhase.Pending)
        {
            status["podIP"] = "10.4.0." + (Math.Abs(pod.Name.GetHashCode(StringComparison.Ordinal)) % 250 + 2);
        }
        if (started is not null)
        {
            status["startTime"] = started;
        }
        status["containerStatuses"] = statuses;
        status["qosClass"] = QosClass(pod.Object.Obj("spec")!);
        pod.Object["status"] = status;
    }

    public static IEnumerable<JsonObject> ContainersOf(JsonObject podSpec) =>
        podSpec.Arr("containers")?.OfType<JsonObject>() ?? [];

    /// <summary>Guaranteed when every container's cpu and memory requests equal its limits, BestEffort without any.</summary>
    private static string QosClass(JsonObject podSpec)
    {
        var resources = ContainersOf(podSpec).Select(c => c.Obj("resources")).ToList();
        if (resources.All(r => r.Obj("requests") is not { Count: > 0 } && r.Obj("limits") is not { Count: > 0 }))
        {
            return "BestEffort";
        }
        var guaranteed = resources.All(r => new[] { "cpu", "memory" }.All(name =>
            r.Obj("limits").Str(name) is { } limit && (r.Obj("requests").Str(name) ?? limit) == limit));
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    private static JsonObject Condition(string type, bool value, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = value ? "True" : "False",
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = JsonPaths.Time(now),
    };
}
