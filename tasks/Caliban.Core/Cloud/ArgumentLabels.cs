using System.Globalization;

namespace Caliban.Core.Cloud;

/// <summary>
/// Labels read off a job's arguments, as Caliban labels cloud jobs so a sweep can be filtered by its settings:
/// <c>--epochs 3</c> → <c>epochs=3</c>, <c>--lr=0.1</c> → <c>lr=0_1</c>, a flag with no value (followed by another flag
/// or last) → <c>"true"</c>. Unlike Caliban, a negative number is a value, not a flag (<c>--shift -1</c> → <c>shift=-1</c>),
/// and a flag alone is <c>true</c> rather than empty (an experiment config writes <c>true</c> as a bare flag).
/// Positional arguments carry no name and give no label. Keys and values are sanitized to Google's rules; a key seen
/// twice keeps its last value.
/// </summary>
public static class ArgumentLabels
{
    public const string FlagValue = "true";

    /// <summary>The labels in the order their keys first appear; keys that sanitize to nothing are dropped.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromArguments(IReadOnlyList<string> arguments)
    {
        var order = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            if (!IsFlag(arguments[i])) continue;
            var flag = arguments[i].TrimStart('-');
            string name, value;
            var equals = flag.IndexOf('=');
            if (equals >= 0)
            {
                (name, value) = (flag[..equals], flag[(equals + 1)..]);
            }
            else if (i + 1 < arguments.Count && !IsFlag(arguments[i + 1]) && arguments[i + 1] != "--")
            {
                (name, value) = (flag, arguments[++i]);
            }
            else
            {
                (name, value) = (flag, FlagValue);
            }

            var key = LabelRules.SanitizeKey(name);
            if (key is null) continue;
            if (!values.ContainsKey(key)) order.Add(key);
            values[key] = LabelRules.SanitizeValue(value);
        }
        return order.Select(key => new KeyValuePair<string, string>(key, values[key])).ToList();
    }

    // "-x", "--name": a flag. "-", "--" and negative numbers ("-1", "-0.5", "-1e-3") are not.
    private static bool IsFlag(string token) =>
        token.Length > 1 && token[0] == '-' && token.TrimStart('-').Length > 0
        && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
