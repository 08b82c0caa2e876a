using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Kubernetes names and label values. Job names are DNS-1123 labels of at most 63 characters: sanitized as Caliban
/// does (lower case, `job-` before a bad first character, `-0` after a bad last one, other characters → `-`), then cut
/// to fit and made unique per job with `-INDEX-HASH`.
/// </summary>
public static partial class KubeNames
{
    public const int MaxNameLength = 63;
    public const int MaxLabelValueLength = 63;

    /// <summary>Caliban's DNS-1123 sanitizing (empty → `job`), without a length cap.</summary>
    public static string Sanitize(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "job";
        var lower = name.ToLowerInvariant();
        if (Dns1123Label().IsMatch(lower)) return lower;
        if (!IsAlphanumeric(lower[0])) lower = "job-" + lower;
        if (!IsAlphanumeric(lower[^1])) lower += "-0";
        return string.Concat(lower.Select(c => IsAlphanumeric(c) ? c : '-'));
    }

    /// <summary>
    /// The name of job <paramref name="index"/> of a submission: `BASE-INDEX-HASH`, BASE cut so the whole fits 63
    /// characters. HASH (5 hex digits) comes from <paramref name="uniqueKey"/>, so the same submission always makes the
    /// same names (a retried create finds its own Job) while another submission of the same sweep does not collide.
    /// </summary>
    public static string JobName(string baseName, int index, string uniqueKey)
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"-{index}-{ShortHash(uniqueKey)}");
        return Fit(Sanitize(baseName), suffix);
    }

    /// <summary><paramref name="sanitized"/> cut (and stripped of trailing dashes) so that it plus <paramref name="suffix"/> fit 63 characters.</summary>
    public static string Fit(string sanitized, string suffix)
    {
        var room = MaxNameLength - suffix.Length;
        var head = (sanitized.Length > room ? sanitized[..room] : sanitized).TrimEnd('-');
        return (head.Length == 0 ? "job" : head) + suffix;
    }

    public static bool IsValidName(string name) => name.Length <= MaxNameLength && Dns1123Label().IsMatch(name);

    /// <summary>
    /// A valid label value for <paramref name="value"/>: characters outside [A-Za-z0-9-_.] become `_`, the ends are
    /// alphanumeric, and a value longer than 63 is cut and given a hash of the whole so distinct values stay distinct.
    /// </summary>
    public static string LabelValue(string value)
    {
        var text = string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')).Trim('-', '_', '.');
        if (text.Length > MaxLabelValueLength)
            text = text[..(MaxLabelValueLength - 6)].TrimEnd('-', '_', '.') + "-" + ShortHash(value);
        return text;
    }

    public static bool IsValidLabelValue(string value) => value.Length <= MaxLabelValueLength && LabelValuePattern().IsMatch(value);

    /// <summary>A label key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters.</summary>
    public static bool IsValidLabelKey(string key)
    {
        var slash = key.IndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (name.Length is 0 or > 63 || !LabelNamePattern().IsMatch(name)) return false;
        if (slash < 0) return true;
        var prefix = key[..slash];
        return prefix.Length is > 0 and <= 253 && prefix.Split('.').All(part => part.Length <= 63 && Dns1123Label().IsMatch(part));
    }

    /// <summary>Five hex digits of the SHA-256 of <paramref name="text"/>.</summary>
    public static string ShortHash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..5];

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValuePattern();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelNamePattern();
}
