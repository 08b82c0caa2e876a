using System.Globalization;

namespace Caliban.Core.History;

/// <summary>Times are stored as fixed-width UTC ISO-8601 text, so text order is time order and every tool can read them.</summary>
internal static class StoredTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>Local times are converted; unspecified ones are taken to be UTC already.</summary>
    public static string ToText(DateTime time)
    {
        var utc = time.Kind switch
        {
            DateTimeKind.Local => time.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            _ => time,
        };
        return utc.ToString(Format, CultureInfo.InvariantCulture);
    }

    public static DateTime FromText(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
