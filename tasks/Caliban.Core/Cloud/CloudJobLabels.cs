using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;

namespace Caliban.Core.Cloud;

/// <summary>
/// The labels on a cloud job, by Caliban's rules: base labels (<see cref="GpuEnabled"/>, <see cref="TpuEnabled"/>,
/// <see cref="JobName"/>, <see cref="ExperimentGroup"/>), then the user's <c>CalibanLabel</c> items, then labels derived
/// from the job's arguments (<see cref="ArgumentLabels"/>), each overriding the ones before on conflict; the
/// submitter's reserved labels always win. All are sanitized to Google's rules (<see cref="LabelRules"/>).
/// Caliban's <c>docker_image</c> label is left out: a digest reference does not survive label sanitizing, and the job
/// history records the image.
/// </summary>
public static class CloudJobLabels
{
    public const string GpuEnabled = "gpu_enabled";
    public const string TpuEnabled = "tpu_enabled";
    public const string JobName = "job_name";
    public const string ExperimentGroup = "caliban_xgroup";

    /// <summary>
    /// Checks and sanitizes user labels (<c>CalibanLabel</c> items: key → value, later items with the same key win).
    /// Lower-casing and replacing characters Google does not allow is done silently; a blank key, a key or value over
    /// 63 characters, or two keys that become the same label are CAL1607 errors naming the label.
    /// </summary>
    public static IReadOnlyDictionary<string, string> UserLabels(
        IReadOnlyList<KeyValuePair<string, string>> items, string property = "CalibanLabel")
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (rawKey, rawValue) in items)
        {
            var key = LabelRules.SanitizeKey(rawKey) ?? throw Invalid(property, rawKey,
                "has an empty key; give each label a name, e.g. <CalibanLabel Include=\"team\" Value=\"vision\" />");
            if (CodePoints(rawKey.Trim()) > LabelRules.MaxLength)
                throw Invalid(property, rawKey, $"has a key longer than {LabelRules.MaxLength} characters; shorten it");
            if (CodePoints(rawValue.Trim()) > LabelRules.MaxLength)
                throw Invalid(property, rawKey, $"has a value longer than {LabelRules.MaxLength} characters ('{rawValue}'); shorten it");
            if (origin.TryGetValue(key, out var earlier) && earlier != rawKey.Trim())
                throw Invalid(property, rawKey, $"and '{earlier}' both become the label key '{key}'; rename one of them");
            origin[key] = rawKey.Trim();
            labels[key] = LabelRules.SanitizeValue(rawValue);
        }
        return labels;
    }

    /// <summary>The labels of one job: base, user, derived from <paramref name="job"/>'s arguments, reserved.</summary>
    public static IReadOnlyDictionary<string, string> For(
        PlannedJob job, VertexJobSettings settings, string experimentGroup, IReadOnlyDictionary<string, string> reserved)
    {
        var baseLabels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [GpuEnabled] = settings.Gpu is null ? "false" : "true",
            [TpuEnabled] = settings.Tpu is null ? "false" : "true",
            [JobName] = LabelRules.SanitizeValue(settings.JobName),
            [ExperimentGroup] = LabelRules.SanitizeValue(experimentGroup),
        };
        return Combine(baseLabels, settings.Labels, ArgumentLabels.FromArguments(job.Arguments), reserved);
    }

    /// <summary>
    /// Merges the four layers. Base, user and reserved labels must all fit in Google's 64 (CAL1608 otherwise); derived
    /// labels take the room that is left, in argument order, the rest are dropped. A user label on a reserved key is a
    /// CAL1607. <paramref name="reserved"/> and <paramref name="baseLabels"/> must already be valid labels.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Combine(
        IReadOnlyDictionary<string, string> baseLabels,
        IReadOnlyDictionary<string, string> user,
        IReadOnlyList<KeyValuePair<string, string>> derived,
        IReadOnlyDictionary<string, string> reserved)
    {
        foreach (var (key, value) in reserved.Concat(baseLabels))
        {
            if (!LabelRules.IsValidKey(key) || !LabelRules.IsValidValue(value))
                throw new ArgumentException($"The label {key}={value} is not a valid Google label.", nameof(reserved));
        }
        var clash = user.Keys.FirstOrDefault(reserved.ContainsKey);
        if (clash is not null)
            throw Invalid("CalibanLabel", clash, "uses a key Caliban sets itself on every job; choose another key");

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in baseLabels) labels[key] = value;
        foreach (var (key, value) in user) labels[key] = value;
        foreach (var (key, value) in reserved) labels[key] = value;
        if (labels.Count > LabelRules.MaxLabels)
        {
            throw new CalibanException(ErrorCodes.LabelsTooMany,
                $"CalibanLabel gives {user.Count} labels; with the {labels.Count - user.Count} Caliban sets itself that is " +
                $"{labels.Count}, and Google allows {LabelRules.MaxLabels} per job. Remove {labels.Count - LabelRules.MaxLabels} CalibanLabel items.");
        }

        foreach (var (key, value) in derived)
        {
            if (reserved.ContainsKey(key)) continue;
            if (labels.ContainsKey(key) || labels.Count < LabelRules.MaxLabels) labels[key] = value;
        }
        return labels;
    }

    private static int CodePoints(string text) => text.EnumerateRunes().Count();

    private static CalibanException Invalid(string property, string key, string problem) =>
        new(ErrorCodes.LabelInvalid, $"{property} '{key}' {problem}. Labels may hold lower-case letters, digits, '_' and '-', up to {LabelRules.MaxLength} characters.");
}
