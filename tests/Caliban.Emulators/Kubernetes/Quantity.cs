using System.Globalization;
using System.Text.RegularExpressions;

namespace Caliban.Emulators.Kubernetes;

/// <summary>Kubernetes resource quantities ("1500m", "4Gi", "7000M", "1", "1e3") parsed to their decimal value.</summary>
internal static partial class Quantity
{
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        var match = Shape().Match(text);
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        var suffix = match.Groups[2].Value;
        decimal multiplier;
        if (suffix.Length > 0 && (suffix[0] == 'e' || suffix[0] == 'E'))
        {
            if (!int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exponent) ||
                exponent is < -18 or > 18)
            {
                return false;
            }
            multiplier = (decimal)Math.Pow(10, exponent);
        }
        else if (!Multipliers.TryGetValue(suffix, out multiplier))
        {
            return false;
        }
        value = number * multiplier;
        return true;
    }

    private static readonly Dictionary<string, decimal> Multipliers = new(StringComparer.Ordinal)
    {
        [""] = 1,
        ["n"] = 0.000000001m,
        ["u"] = 0.000001m,
        ["m"] = 0.001m,
        ["k"] = 1e3m,
        ["M"] = 1e6m,
        ["G"] = 1e9m,
        ["T"] = 1e12m,
        ["P"] = 1e15m,
        ["E"] = 1e18m,
        ["Ki"] = 1024m,
        ["Mi"] = 1024m * 1024,
        ["Gi"] = 1024m * 1024 * 1024,
        ["Ti"] = 1024m * 1024 * 1024 * 1024,
        ["Pi"] = 1024m * 1024 * 1024 * 1024 * 1024,
        ["Ei"] = 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
    };

    [GeneratedRegex(@"^([+-]?[0-9]+(?:\.[0-9]*)?|[+-]?\.[0-9]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex Shape();
}
