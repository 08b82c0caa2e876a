using System.Globalization;
using System.Text;

namespace Caliban.Core.Experiments;

/// <summary>
/// Renders values exactly as CPython does (float repr, string repr, json.dumps string escapes), because Caliban
/// turned experiment values into arguments with Python's str() and a moved-over sweep must produce the same argv.
/// </summary>
internal static class PythonText
{
    /// <summary>Python's repr(float): shortest round-trip digits, exponent form when the exponent is below -4 or at least 16.</summary>
    public static string FloatRepr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + "0.0";

        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var exponent = pointPosition - 1;
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }

        if (pointPosition <= 0) return sign + "0." + new string('0', -pointPosition) + digits;
        if (pointPosition >= digits.Length) return sign + digits + new string('0', pointPosition - digits.Length) + ".0";
        return sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>The value as 0.DIGITS × 10^pointPosition, DIGITS the shortest that round-trip (no leading or trailing zeros).</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double positive)
    {
        // .NET's "R" is the shortest round-trip form, written either plainly ("0.0001") or as "1.5E+300".
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOfAny(['E', 'e']);
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var dot = mantissa.IndexOf('.');
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;

        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        return (digits.Trim('0'), pointPosition - leadingZeros);
    }

    /// <summary>Python's str(int) of a JSON integer: the text itself, except that "-0" is 0.</summary>
    public static string IntegerText(string jsonInteger) => jsonInteger == "-0" ? "0" : jsonInteger;

    /// <summary>Python's repr(str): single quotes unless the text has ' and no ", with Python's escapes.</summary>
    public static void AppendStringRepr(StringBuilder output, string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        output.Append(quote);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote || c == '\\') output.Append('\\').Append(c);
            else if (c == '\t') output.Append("\\t");
            else if (c == '\n') output.Append("\\n");
            else if (c == '\r') output.Append("\\r");
            else if (c < ' ' || c == '\x7f') AppendHex(output, 'x', c, 2);
            else if (c < '\x7f') output.Append(c);
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, text[i + 1]);
                if (IsPrintable(codePoint)) output.Append(c).Append(text[i + 1]);
                else AppendHex(output, 'U', codePoint, 8);
                i++;
            }
            else if (IsPrintable(c)) output.Append(c);
            else if (c < '\x100') AppendHex(output, 'x', c, 2);
            else AppendHex(output, 'u', c, 4);
        }

        output.Append(quote);
    }

    /// <summary>A JSON string literal as Python's json.dumps writes it (ensure_ascii: everything outside space..~ escaped).</summary>
    public static void AppendJsonString(StringBuilder output, string text, bool asciiOnly = true)
    {
        output.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': output.Append("\\\""); break;
                case '\\': output.Append("\\\\"); break;
                case '\n': output.Append("\\n"); break;
                case '\r': output.Append("\\r"); break;
                case '\t': output.Append("\\t"); break;
                case '\b': output.Append("\\b"); break;
                case '\f': output.Append("\\f"); break;
                default:
                    if (c < ' ' || (asciiOnly && c >= '\x7f')) AppendHex(output, 'u', c, 4);
                    else output.Append(c);
                    break;
            }
        }

        output.Append('"');
    }

    // CPython's Py_UNICODE_ISPRINTABLE: not a control, format, surrogate, private-use, unassigned or separator
    // character, the ASCII space excepted.
    private static bool IsPrintable(int codePoint) => codePoint == ' ' || CharUnicodeInfo.GetUnicodeCategory(codePoint) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };

    private static void AppendHex(StringBuilder output, char kind, int value, int width) =>
        output.Append('\\').Append(kind).Append(value.ToString("x" + width, CultureInfo.InvariantCulture));
}
