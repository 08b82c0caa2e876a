using System.Globalization;
using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Cloud;

/// <summary>
/// Durations people write (<c>90m</c>, <c>2h</c>, <c>1d</c>, <c>1h30m</c>, <c>3600s</c>, or plain seconds) turned into
/// whole seconds and protobuf's JSON Duration form (<c>"5400s"</c>). Shared by cloud timeouts and cluster limits.
/// </summary>
public static partial class ProtoDuration
{
    // protobuf's Duration tops out at 10,000 years.
    private const long MaxSeconds = 315_576_000_000;

    /// <summary>Whole seconds, more than zero; CAL1609 naming <paramref name="property"/> otherwise.</summary>
    public static long ParseSeconds(string text, string property)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var total = 0L;
        var matched = Pattern().Match(trimmed);
        if (matched.Success)
        {
            try
            {
                if (matched.Groups["plain"].Success)
                {
                    total = long.Parse(matched.Groups["plain"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                }
                else
                {
                    var units = matched.Groups["unit"].Captures;
                    var numbers = matched.Groups["number"].Captures;
                    for (var i = 0; i < units.Count; i++)
                    {
                        var number = long.Parse(numbers[i].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                        total = checked(total + number * UnitSeconds(units[i].Value));
                    }
                }
            }
            catch (OverflowException)
            {
                total = long.MaxValue;
            }
        }
        if (!matched.Success || total <= 0 || total > MaxSeconds)
        {
            throw new CalibanException(ErrorCodes.DurationInvalid,
                $"{property} is '{text}'; write a duration of more than zero such as 90m, 2h, 1d, 1h30m, 3600s or a " +
                "plain number of seconds (units s, m, h, d).");
        }
        return total;
    }

    /// <summary>The protobuf JSON form, e.g. <c>"5400s"</c>.</summary>
    public static string Parse(string text, string property) =>
        ParseSeconds(text, property).ToString(CultureInfo.InvariantCulture) + "s";

    private static long UnitSeconds(string unit) => unit switch
    {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => 86400,
    };

    [GeneratedRegex(@"^(?:(?<plain>[0-9]{1,19})|(?:(?<number>[0-9]{1,19})(?<unit>[smhd]))+)$")]
    private static partial Regex Pattern();
}
