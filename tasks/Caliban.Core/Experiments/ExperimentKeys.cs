using System.Text.RegularExpressions;

namespace Caliban.Core.Experiments;

/// <summary>Caliban's key grammar: one token without whitespace, `,`, `[` or `]`, or a compound `[tok, tok, …]`.</summary>
internal static partial class ExperimentKeys
{
    // Python's \s also matches \x1c-\x1f (str.isspace); .NET's does not, so they are listed.
    private const string Token = @"[^\s\x1c-\x1f,\[\]]+";
    private const string Space = @"[\s\x1c-\x1f]*";

    public static bool IsPlain(string key) => PlainKey().IsMatch(key);

    /// <summary>The names of a compound key (surrounding whitespace dropped), or null when <paramref name="key"/> is not one.</summary>
    public static IReadOnlyList<string>? CompoundNames(string key)
    {
        var match = CompoundKey().Match(key);
        return match.Success ? match.Groups["name"].Captures.Select(capture => capture.Value).ToArray() : null;
    }

    [GeneratedRegex(@"\A" + Token + @"\z")]
    private static partial Regex PlainKey();

    [GeneratedRegex(@"\A\[" + Space + "(?<name>" + Token + ")(?:" + Space + "," + Space + "(?<name>" + Token + "))*" + Space + @"\]\z")]
    private static partial Regex CompoundKey();
}
