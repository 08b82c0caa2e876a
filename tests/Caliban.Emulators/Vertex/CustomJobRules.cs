using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Caliban.Emulators.Vertex;

/// <summary>The service's checks beyond the JSON parser: required fields, limits and label rules.</summary>
internal static partial class CustomJobRules
{
    private const string ReservedLabelPrefix = "aiplatform.googleapis.com/";

    /// <param name="job">A schema-checked, normalized CustomJob (JSON names).</param>
    public static void Check(JsonObject job)
    {
        var displayName = Text(job, "displayName");
        if (string.IsNullOrEmpty(displayName))
            throw GoogleError.FoundErrors("custom_job.display_name", "Required field is not set.");
        if (displayName.EnumerateRunes().Count() > 128)
            throw GoogleError.FoundErrors("custom_job.display_name", "Display name must be no longer than 128 characters.");

        CheckLabels(job["labels"] as JsonObject);

        if (job["jobSpec"] is not JsonObject spec)
            throw GoogleError.FoundErrors("custom_job.job_spec", "Required field is not set.");
        if (spec["workerPoolSpecs"] is not JsonArray { Count: > 0 } pools)
            throw GoogleError.FoundErrors("custom_job.job_spec.worker_pool_specs", "At least one worker pool spec must be specified.");
        for (var i = 0; i < pools.Count; i++)
            CheckPool(pools[i] as JsonObject ?? [], $"custom_job.job_spec.worker_pool_specs[{i}]", chief: i == 0);
    }

    private static void CheckPool(JsonObject pool, string path, bool chief)
    {
        // Pools after the chief may be left empty ({}) to keep positions, as the service allows.
        if (!chief && pool.Count == 0)
            return;
        if (pool["machineSpec"] is not JsonObject machine || string.IsNullOrEmpty(Text(machine, "machineType")))
            throw GoogleError.FoundErrors($"{path}.machine_spec.machine_type", "Required field is not set.");
        var accelerator = Text(machine, "acceleratorType");
        if (accelerator is { Length: > 0 } and not "ACCELERATOR_TYPE_UNSPECIFIED"
            && !(machine["acceleratorCount"] is { } count && ProtoSchema.TryInteger(count, out var n) && n > 0))
            throw GoogleError.FoundErrors($"{path}.machine_spec.accelerator_count", $"Accelerator count must be positive when accelerator type {accelerator} is set.");

        if (!(pool["replicaCount"] is { } replicas && ProtoSchema.TryInteger(replicas, out var replicaCount) && replicaCount >= 1))
            throw GoogleError.FoundErrors($"{path}.replica_count", "Replica count must be positive.");

        var container = pool["containerSpec"] as JsonObject;
        var package = pool["pythonPackageSpec"] as JsonObject;
        if (container is not null && package is not null)
            throw GoogleError.FoundErrors(path, "Only one of container_spec and python_package_spec can be set.");
        if (package is not null)
        {
            if (string.IsNullOrEmpty(Text(package, "executorImageUri")))
                throw GoogleError.FoundErrors($"{path}.python_package_spec.executor_image_uri", "Required field is not set.");
            return;
        }
        if (container is null || string.IsNullOrEmpty(Text(container, "imageUri")))
            throw GoogleError.FoundErrors($"{path}.container_spec.image_uri", "Required field is not set.");
        if (container["env"] is JsonArray { Count: > 100 })
            throw GoogleError.FoundErrors($"{path}.container_spec.env", "At most 100 environment variables can be set.");

        if (pool["diskSpec"] is JsonObject disk && Text(disk, "bootDiskType") is { Length: > 0 } diskType
            && diskType is not ("pd-ssd" or "pd-standard" or "hyperdisk-balanced"))
            throw GoogleError.FoundErrors($"{path}.disk_spec.boot_disk_type", $"Boot disk type {diskType} is not supported; use pd-ssd or pd-standard.");
    }

    private static void CheckLabels(JsonObject? labels)
    {
        if (labels is null)
            return;
        if (labels.Count > 64)
            throw GoogleError.FoundErrors("custom_job.labels", $"At most 64 labels can be set; got {labels.Count}.");
        foreach (var (key, value) in labels)
        {
            if (key.StartsWith(ReservedLabelPrefix, StringComparison.Ordinal))
                throw GoogleError.FoundErrors("custom_job.labels", $"Label keys with the prefix \"{ReservedLabelPrefix}\" are reserved for system labels: \"{key}\".");
            if (!LabelKey().IsMatch(key))
                throw GoogleError.FoundErrors("custom_job.labels",
                    $"Label key \"{key}\" is invalid: keys must be 1-63 characters long, start with a lowercase letter, and contain only lowercase letters, numeric characters, underscores and dashes.");
            var text = value is null ? "" : value.GetValue<string>();
            if (!LabelValue().IsMatch(text))
                throw GoogleError.FoundErrors("custom_job.labels",
                    $"Label value \"{text}\" of key \"{key}\" is invalid: values can be at most 63 characters long and contain only lowercase letters, numeric characters, underscores and dashes.");
        }
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is { } node && ProtoSchema.IsString(node, out var text) ? text : null;

    // Google's rules: lowercase letters (international ones too), digits, '_' and '-'.
    [GeneratedRegex(@"^\p{Ll}[\p{Ll}\p{Lo}0-9_-]{0,62}$")]
    private static partial Regex LabelKey();

    [GeneratedRegex(@"^[\p{Ll}\p{Lo}0-9_-]{0,63}$")]
    private static partial Regex LabelValue();

}
