using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// The API server's validation of a defaulted Job on create (ValidateJob + the pod template checks), returning its
/// causes with the server's field paths and messages. Covers the fields a job manager sends: names, labels,
/// annotations, counts, completion mode, selector, restart policy, containers, env, resources, node selector,
/// tolerations, service account and image pull secrets.
/// </summary>
internal static class JobValidator
{
    private static readonly HashSet<string> StandardContainerResources = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage",
    };

    private static readonly HashSet<string> CompressibleOrOvercommitable = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage",
    };

    public static List<FieldCause> Validate(JsonObject job)
    {
        var causes = new List<FieldCause>();
        var metadata = job.Obj("metadata") ?? new JsonObject();
        ValidateObjectMeta(metadata, "metadata", causes);

        var spec = job.Obj("spec") ?? new JsonObject();
        foreach (var field in new[] { "parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished", "activeDeadlineSeconds", "backoffLimitPerIndex", "maxFailedIndexes" })
        {
            if (spec.Int(field) is < 0 and var negative)
            {
                causes.Add(FieldCause.Invalid("spec." + field, negative, "must be greater than or equal to 0"));
            }
        }
        ValidateCompletionMode(spec, causes);
        ValidateSelector(job, spec, causes);

        var template = spec.Obj("template") ?? new JsonObject();
        ValidateLabels(template.Obj("metadata").Obj("labels"), "spec.template.metadata.labels", causes);
        ValidateAnnotations(template.Obj("metadata").Obj("annotations"), "spec.template.metadata.annotations", causes);
        ValidatePodSpec(template.Obj("spec") ?? new JsonObject(), "spec.template.spec", causes);
        return causes;
    }

    private static void ValidateObjectMeta(JsonObject metadata, string path, List<FieldCause> causes)
    {
        var name = metadata.Str("name");
        if (string.IsNullOrEmpty(name))
        {
            causes.Add(FieldCause.Required(path + ".name", "name or generateName is required"));
        }
        else
        {
            causes.AddRange(NameRules.Dns1123Subdomain(name).Select(p => FieldCause.Invalid(path + ".name", name, p)));
        }
        ValidateLabels(metadata.Obj("labels"), path + ".labels", causes);
        ValidateAnnotations(metadata.Obj("annotations"), path + ".annotations", causes);
    }

    private static void ValidateLabels(JsonObject? labels, string path, List<FieldCause> causes)
    {
        foreach (var (key, value) in labels.StringMap())
        {
            causes.AddRange(NameRules.QualifiedName(key).Select(p => FieldCause.Invalid(path, key, p)));
            causes.AddRange(NameRules.LabelValue(value).Select(p => FieldCause.Invalid(path, value, p)));
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, string path, List<FieldCause> causes)
    {
        foreach (var (key, _) in annotations.StringMap())
        {
            causes.AddRange(NameRules.QualifiedName(key.ToLowerInvariant()).Select(p => FieldCause.Invalid(path, key, p)));
        }
    }

    private static void ValidateCompletionMode(JsonObject spec, List<FieldCause> causes)
    {
        var mode = spec.Str("completionMode");
        if (mode is not ("NonIndexed" or "Indexed"))
        {
            causes.Add(FieldCause.NotSupported("spec.completionMode", mode ?? "", "NonIndexed", "Indexed"));
            return;
        }
        if (mode == "Indexed")
        {
            if (spec.Int("completions") is not { } completions)
            {
                causes.Add(FieldCause.Required("spec.completions", "when completion mode is Indexed"));
            }
            else if (completions > 100_000)
            {
                causes.Add(FieldCause.Invalid("spec.completions", completions, "must be less than or equal to 100000 when completion mode is Indexed"));
            }
        }
        else if (spec["backoffLimitPerIndex"] is not null)
        {
            causes.Add(FieldCause.Forbidden("spec.backoffLimitPerIndex", "requires indexed completion mode"));
        }
    }

    private static void ValidateSelector(JsonObject job, JsonObject spec, List<FieldCause> causes)
    {
        var selector = spec.Obj("selector");
        var templateLabels = spec.Obj("template").Obj("metadata").Obj("labels");
        if (spec.Bool("manualSelector") != true)
        {
            // ValidateGeneratedSelector: the template keeps the generated labels and the selector picks exactly them.
            var metadata = job.Obj("metadata");
            var expected = new JsonObject
            {
                [JobDefaults.ControllerUidLabel] = metadata.Str("uid"),
                [JobDefaults.LegacyControllerUidLabel] = metadata.Str("uid"),
                [JobDefaults.JobNameLabel] = metadata.Str("name"),
                [JobDefaults.LegacyJobNameLabel] = metadata.Str("name"),
            };
            foreach (var (key, value) in expected.StringMap())
            {
                if (templateLabels.Str(key) is { } actual && actual != value)
                {
                    causes.Add(FieldCause.Invalid("spec.template.metadata.labels", actual, $"must be '{value}'"));
                }
            }
            if (selector is null || !LabelSelector.FromObject(selector).Matches(expected))
            {
                causes.Add(FieldCause.Invalid("spec.selector", selector?.Write(), "`selector` not auto-generated"));
            }
            return;
        }
        if (selector is null)
        {
            causes.Add(FieldCause.Required("spec.selector"));
            return;
        }
        if (selector.Obj("matchLabels") is not { Count: > 0 } && selector.Arr("matchExpressions") is not { Count: > 0 })
        {
            causes.Add(FieldCause.Invalid("spec.selector", selector.Write(), "empty selector is invalid for deployment"));
        }
        else if (!LabelSelector.FromObject(selector).Matches(templateLabels))
        {
            causes.Add(FieldCause.Invalid("spec.template.metadata.labels", templateLabels?.Write(), "`selector` does not match template `labels`"));
        }
    }

    private static void ValidatePodSpec(JsonObject podSpec, string path, List<FieldCause> causes)
    {
        var restartPolicy = podSpec.Str("restartPolicy") ?? "";
        if (restartPolicy is not ("OnFailure" or "Never"))
        {
            causes.Add(FieldCause.NotSupported(path + ".restartPolicy", restartPolicy, "OnFailure", "Never"));
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        ValidateContainers(podSpec.Arr("initContainers"), path + ".initContainers", names, required: false, causes);
        ValidateContainers(podSpec.Arr("containers"), path + ".containers", names, required: true, causes);

        if (podSpec.Str("serviceAccountName") is { Length: > 0 } serviceAccount)
        {
            causes.AddRange(NameRules.Dns1123Subdomain(serviceAccount).Select(p => FieldCause.Invalid(path + ".serviceAccountName", serviceAccount, p)));
        }
        foreach (var (key, value) in podSpec.Obj("nodeSelector").StringMap())
        {
            causes.AddRange(NameRules.QualifiedName(key).Select(p => FieldCause.Invalid(path + ".nodeSelector", key, p)));
            causes.AddRange(NameRules.LabelValue(value).Select(p => FieldCause.Invalid(path + ".nodeSelector", value, p)));
        }
        var secrets = podSpec.Arr("imagePullSecrets")?.ToList() ?? [];
        for (var i = 0; i < secrets.Count; i++)
        {
            if (string.IsNullOrEmpty(secrets[i].Str("name")))
            {
                causes.Add(FieldCause.Required($"{path}.imagePullSecrets[{i}].name"));
            }
        }
        var tolerations = podSpec.Arr("tolerations")?.ToList() ?? [];
        for (var i = 0; i < tolerations.Count; i++)
        {
            ValidateToleration(tolerations[i] as JsonObject ?? new JsonObject(), $"{path}.tolerations[{i}]", causes);
        }
    }

    private static void ValidateContainers(JsonArray? containers, string path, HashSet<string> names, bool required, List<FieldCause> causes)
    {
        if (containers is null || containers.Count == 0)
        {
            if (required)
            {
                causes.Add(FieldCause.Required(path));
            }
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i] as JsonObject ?? new JsonObject();
            var at = $"{path}[{i}]";
            var name = container.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                causes.Add(FieldCause.Required(at + ".name"));
            }
            else
            {
                causes.AddRange(NameRules.Dns1123Label(name).Select(p => FieldCause.Invalid(at + ".name", name, p)));
                if (!names.Add(name))
                {
                    causes.Add(FieldCause.Duplicate(at + ".name", name));
                }
            }
            if (string.IsNullOrWhiteSpace(container.Str("image")))
            {
                causes.Add(FieldCause.Required(at + ".image"));
            }
            var pullPolicy = container.Str("imagePullPolicy") ?? "";
            if (pullPolicy is not ("Always" or "IfNotPresent" or "Never"))
            {
                causes.Add(FieldCause.NotSupported(at + ".imagePullPolicy", pullPolicy, "Always", "IfNotPresent", "Never"));
            }
            ValidateEnv(container.Arr("env"), at + ".env", causes);
            ValidateResources(container.Obj("resources"), at + ".resources", causes);
        }
    }

    private static void ValidateEnv(JsonArray? env, string path, List<FieldCause> causes)
    {
        for (var i = 0; i < (env?.Count ?? 0); i++)
        {
            var variable = env![i] as JsonObject ?? new JsonObject();
            var name = variable.Str("name");
            if (string.IsNullOrEmpty(name))
            {
                causes.Add(FieldCause.Required($"{path}[{i}].name"));
            }
            else
            {
                causes.AddRange(NameRules.EnvVarName(name).Select(p => FieldCause.Invalid($"{path}[{i}].name", name, p)));
            }
            if (variable["valueFrom"] is JsonObject valueFrom)
            {
                if (!string.IsNullOrEmpty(variable.Str("value")))
                {
                    causes.Add(FieldCause.Invalid($"{path}[{i}].valueFrom", "", "may not be specified when `value` is not empty"));
                }
                if (valueFrom.Count != 1)
                {
                    causes.Add(FieldCause.Invalid($"{path}[{i}].valueFrom", "",
                        "may not have more than one field specified at a time"));
                }
            }
        }
    }

    private static void ValidateResources(JsonObject? resources, string path, List<FieldCause> causes)
    {
        var limits = Quantities(resources.Obj("limits"), path + ".limits", causes);
        var requests = Quantities(resources.Obj("requests"), path + ".requests", causes);
        foreach (var (name, (text, request)) in requests)
        {
            var hasLimit = limits.TryGetValue(name, out var limit);
            if (CompressibleOrOvercommitable.Contains(name) || name.StartsWith("hugepages-", StringComparison.Ordinal))
            {
                if (hasLimit && request > limit.Value)
                {
                    causes.Add(FieldCause.Invalid($"{path}.requests", text, $"must be less than or equal to {name} limit of {limit.Text}"));
                }
                continue;
            }
            // Extended resources such as nvidia.com/gpu cannot be overcommitted: limits are required and equal.
            if (!hasLimit)
            {
                causes.Add(FieldCause.Required($"{path}.limits", "Limit must be set for non overcommitable resources"));
            }
            else if (request != limit.Value)
            {
                causes.Add(FieldCause.Invalid($"{path}.requests[{name}]", text, $"must be equal to {name} limit of {limit.Text}"));
            }
        }
    }

    private static Dictionary<string, (string Text, decimal Value)> Quantities(JsonObject? map, string path, List<FieldCause> causes)
    {
        var result = new Dictionary<string, (string, decimal)>(StringComparer.Ordinal);
        foreach (var (name, text) in map.StringMap())
        {
            var at = $"{path}[{name}]";
            var standard = StandardContainerResources.Contains(name) || name.StartsWith("hugepages-", StringComparison.Ordinal);
            if (!standard && (!name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal)
                              || NameRules.QualifiedName(name).Any()))
            {
                causes.Add(FieldCause.Invalid(at, name, "must be a standard resource type or fully qualified"));
                continue;
            }
            Quantity.TryParse(text, out var value);
            if (value < 0)
            {
                causes.Add(FieldCause.Invalid(at, text, "must be greater than or equal to 0"));
            }
            if (!standard && value != decimal.Truncate(value))
            {
                causes.Add(FieldCause.Invalid(at, text, "must be an integer"));
            }
            result[name] = (text, value);
        }
        return result;
    }

    private static void ValidateToleration(JsonObject toleration, string path, List<FieldCause> causes)
    {
        var key = toleration.Str("key") ?? "";
        var op = toleration.Str("operator") ?? "";
        var value = toleration.Str("value") ?? "";
        var effect = toleration.Str("effect") ?? "";
        if (key.Length > 0)
        {
            causes.AddRange(NameRules.QualifiedName(key).Select(p => FieldCause.Invalid(path + ".key", key, p)));
        }
        else if (op != "Exists")
        {
            causes.Add(FieldCause.Invalid(path + ".operator", op,
                "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
        }
        switch (op)
        {
            case "" or "Equal":
                causes.AddRange(NameRules.LabelValue(value).Select(p => FieldCause.Invalid(path + ".value", value, p)));
                break;
            case "Exists":
                if (value.Length > 0)
                {
                    causes.Add(FieldCause.Invalid(path + ".operator", toleration.Write(), "value must be empty when `operator` is 'Exists'"));
                }
                break;
            default:
                causes.Add(FieldCause.NotSupported(path + ".operator", op, "Equal", "Exists"));
                break;
        }
        if (effect is not ("" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
        {
            causes.Add(FieldCause.NotSupported(path + ".effect", effect, "NoExecute", "NoSchedule", "PreferNoSchedule"));
        }
        if (toleration["tolerationSeconds"] is not null && effect != "NoExecute")
        {
            causes.Add(FieldCause.Invalid(path + ".effect", effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
        }
    }
}
