using System.Globalization;
using System.Text;

namespace Caliban.Core.Cloud;

/// <summary>
/// Google Cloud's label rules (Vertex AI jobs, GKE and other Google resources): keys match
/// <c>[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}</c>, values <c>[\p{Ll}\p{Lo}\p{N}_-]{0,63}</c> (lengths in Unicode
/// code points, so international letters count once), at most 64 labels per resource.
/// Kubernetes label values follow different rules (ASCII, dots allowed, must start and end alphanumeric): do not use
/// these for Kubernetes metadata, only for Google-side labels.
/// </summary>
public static class LabelRules
{
    public const int MaxLength = 63;
    public const int MaxLabels = 64;

    /// <summary>Put in front of keys that do not start with a letter, as Caliban does (<c>1st</c> → <c>k1st</c>).</summary>
    public const string KeyPrefix = "k";

    public static bool IsValidKey(string key)
    {
        var runes = key.EnumerateRunes().ToList();
        return runes.Count is > 0 and <= MaxLength && IsLetter(runes[0]) && runes.All(IsAllowed);
    }

    public static bool IsValidValue(string value)
    {
        var count = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (!IsAllowed(rune) || ++count > MaxLength) return false;
        }
        return true;
    }

    /// <summary>
    /// A valid key made from <paramref name="text"/>: trimmed, NFC-normalized, lower-cased, other characters turned into
    /// '_', <see cref="KeyPrefix"/> in front when it does not start with a letter, cut to 63 code points.
    /// Null when nothing is left (an empty or blank key), so the label is dropped.
    /// </summary>
    public static string? SanitizeKey(string text)
    {
        var body = Replace(text);
        if (body.Count == 0) return null;
        if (!IsLetter(body[0])) body.InsertRange(0, KeyPrefix.EnumerateRunes());
        return Join(body);
    }

    /// <summary>A valid value made from <paramref name="text"/> the same way as keys (no prefix; may be empty).</summary>
    public static string SanitizeValue(string text) => Join(Replace(text));

    private static List<Rune> Replace(string text)
    {
        var runes = new List<Rune>();
        foreach (var rune in text.Trim().Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var lower = Rune.ToLowerInvariant(rune);
            runes.Add(IsAllowed(lower) ? lower : new Rune('_'));
        }
        return runes;
    }

    private static string Join(List<Rune> runes)
    {
        var builder = new StringBuilder();
        foreach (var rune in runes.Take(MaxLength)) builder.Append(rune.ToString());
        return builder.ToString();
    }

    private static bool IsLetter(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter;

    private static bool IsAllowed(Rune rune) =>
        rune.Value is '_' or '-'
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LowercaseLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
}
