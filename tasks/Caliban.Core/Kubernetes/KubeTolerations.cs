using System.Globalization;
using Caliban.Core.Diagnostics;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>CalibanToleration items as V1Tolerations: Include = the taint key; metadata Operator, Value, Effect, TolerationSeconds.</summary>
public static class KubeTolerations
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>Operator defaults to Equal when a Value is given, else Exists; an empty Effect tolerates every effect.</summary>
    public static V1Toleration From(string key, string? op, string? value, string? effect, string? seconds)
    {
        string Where() => $"CalibanToleration '{key}'";
        var operatorName = string.IsNullOrWhiteSpace(op) ? (string.IsNullOrEmpty(value) ? "Exists" : "Equal") : op.Trim();
        if (operatorName is not ("Exists" or "Equal"))
            throw Invalid($"{Where()} has Operator '{op}'; use Equal (with a Value) or Exists.");
        if (operatorName == "Exists" && !string.IsNullOrEmpty(value))
            throw Invalid($"{Where()} has Operator Exists and a Value; drop the Value or use Operator Equal.");
        if (!string.IsNullOrEmpty(key) && !KubeNames.IsValidLabelKey(key))
            throw Invalid($"{Where()}: '{key}' is not a valid taint key (an optional DNS prefix and '/', then letters, digits, '-', '_', '.').");
        if (!string.IsNullOrEmpty(value) && !KubeNames.IsValidLabelValue(value))
            throw Invalid($"{Where()} has Value '{value}', which is not a valid taint value (at most 63 letters, digits, '-', '_', '.').");
        var effectName = string.IsNullOrWhiteSpace(effect) ? null : Effects.FirstOrDefault(e => e.Equals(effect.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid($"{Where()} has Effect '{effect}'; use NoSchedule, PreferNoSchedule, NoExecute, or leave it empty for all.");
        long? tolerationSeconds = null;
        if (!string.IsNullOrWhiteSpace(seconds))
        {
            if (!long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || effectName != "NoExecute")
                throw Invalid($"{Where()} has TolerationSeconds '{seconds}'; it must be a whole number and needs Effect NoExecute.");
            tolerationSeconds = parsed;
        }
        return new V1Toleration
        {
            Key = string.IsNullOrEmpty(key) ? null : key,
            OperatorProperty = operatorName,
            Value = string.IsNullOrEmpty(value) ? null : value,
            Effect = effectName,
            TolerationSeconds = tolerationSeconds,
        };
    }

    private static CalibanException Invalid(string message) => new(ErrorCodes.KubeTolerationInvalid, message);
}
