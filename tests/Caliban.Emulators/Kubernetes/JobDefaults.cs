using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// What the API server adds to a Job on create: scheme defaults (SetDefaults_Job, SetDefaults_PodSpec,
/// SetDefaults_Container), the generated selector and controller labels (the Job strategy's PrepareForCreate), and
/// the job labels copied from the template when the job has none (defaulting on read back from storage).
/// </summary>
internal static class JobDefaults
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyJobNameLabel = "job-name";
    public const string CompletionIndexLabel = "batch.kubernetes.io/job-completion-index";

    /// <summary>Scheme defaults, applied at decode time (before validation).</summary>
    public static void ApplySchemeDefaults(JsonObject job)
    {
        var spec = job.ObjOrCreate("spec");
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = 1;
            spec["parallelism"] = 1;
        }
        spec["parallelism"] ??= 1;
        spec["backoffLimit"] ??= spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed";

        var podSpec = spec.ObjOrCreate("template").ObjOrCreate("spec");
        podSpec["restartPolicy"] ??= "Always";
        podSpec["terminationGracePeriodSeconds"] ??= 30;
        podSpec["dnsPolicy"] ??= "ClusterFirst";
        podSpec["securityContext"] ??= new JsonObject();
        podSpec["schedulerName"] ??= "default-scheduler";
        foreach (var listName in new[] { "containers", "initContainers" })
        {
            foreach (var container in podSpec.Arr(listName)?.OfType<JsonObject>() ?? [])
            {
                container["imagePullPolicy"] ??= DefaultPullPolicy(container.Str("image") ?? "");
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["terminationMessagePolicy"] ??= "File";
                container["resources"] ??= new JsonObject();
            }
        }
    }

    /// <summary>Server-owned metadata and the generated selector (PrepareForCreate); status is reset.</summary>
    public static void PrepareForCreate(JsonObject job, string name, string @namespace, string uid, DateTimeOffset now)
    {
        var metadata = job.ObjOrCreate("metadata");
        metadata["name"] = name;
        metadata["namespace"] = @namespace;
        metadata["uid"] = uid;
        metadata["generation"] = 1;
        metadata["creationTimestamp"] = JsonPaths.Time(now);
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
        job["status"] = new JsonObject();
        var spec = job.ObjOrCreate("spec");
        if (spec.Bool("manualSelector") == true)
        {
            return;
        }
        var templateMetadata = spec.ObjOrCreate("template").ObjOrCreate("metadata");
        var labels = templateMetadata.ObjOrCreate("labels");
        labels[ControllerUidLabel] ??= uid;
        labels[JobNameLabel] ??= name;
        labels[LegacyControllerUidLabel] ??= uid;
        labels[LegacyJobNameLabel] ??= name;
        // As generateSelector: the uid is added to whatever selector was given; validation rejects one that
        // selects anything but this job's generated labels.
        var selector = spec.ObjOrCreate("selector");
        selector.ObjOrCreate("matchLabels")[ControllerUidLabel] ??= uid;
    }

    /// <summary>Job labels default to the template's labels (including the generated ones) when none are given.</summary>
    public static void CopyTemplateLabels(JsonObject job)
    {
        var metadata = job.ObjOrCreate("metadata");
        if (metadata.Obj("labels") is { Count: > 0 })
        {
            return;
        }
        if (job.Obj("spec").Obj("template").Obj("metadata").Obj("labels") is { } templateLabels)
        {
            metadata["labels"] = templateLabels.DeepClone();
        }
    }

    /// <summary>Always for ":latest" or untagged images, IfNotPresent for tags and digests.</summary>
    private static string DefaultPullPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }
        var lastSegment = image[(image.LastIndexOf('/') + 1)..];
        var colon = lastSegment.LastIndexOf(':');
        return colon < 0 || lastSegment[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }
}
