using System.Text;
using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Images;

/// <summary>
/// Parses JSON the way Caliban's commentjson did: `#` and `//` line comments, plus trailing commas.
/// System.Text.Json knows `//` but not `#`, so `#` comments are blanked first (keeping line and column numbers true).
/// </summary>
internal static class JsonWithComments
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses the text of <paramref name="file"/>; invalid JSON is CAL1003 with the line and column.</summary>
    public static JsonDocument Parse(string text, string file)
    {
        var name = Path.GetFileName(file);
        var blanked = BlankHashComments(text);
        if (string.IsNullOrWhiteSpace(blanked))
        {
            throw new CalibanException(ErrorCodes.CalibanConfigInvalidJson,
                $"{name} is empty. Write {{}} in it for the defaults, or delete the file.", file);
        }

        try
        {
            return JsonDocument.Parse(blanked, Options);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = CharacterColumn(blanked, line, (int)(e.BytePositionInLine ?? 0));
            throw new CalibanException(ErrorCodes.CalibanConfigInvalidJson,
                $"{name} is not valid JSON at line {line + 1}, column {column}: {Reason(e)}. " +
                "Fix the syntax there (comments starting with # or // are allowed).", file);
        }
    }

    /// <summary>Replaces `#` comments (outside strings and `//`/`/* */` comments) with spaces.</summary>
    internal static string BlankHashComments(string text)
    {
        var chars = text.ToCharArray();
        var i = 0;
        while (i < chars.Length)
        {
            switch (chars[i])
            {
                case '"':
                    i = AfterString(chars, i);
                    break;
                case '/' when i + 1 < chars.Length && chars[i + 1] == '/':
                    i = EndOfLine(chars, i);
                    break;
                case '/' when i + 1 < chars.Length && chars[i + 1] == '*':
                    var close = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? chars.Length : close + 2;
                    break;
                case '#':
                    var end = EndOfLine(chars, i);
                    Array.Fill(chars, ' ', i, end - i);
                    i = end;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return new string(chars);
    }

    private static int AfterString(char[] chars, int openingQuote)
    {
        for (var i = openingQuote + 1; i < chars.Length; i++)
        {
            switch (chars[i])
            {
                case '\\': i++; break;
                case '"': return i + 1;
                case '\n': return i; // unterminated: let the parser report it
            }
        }

        return chars.Length;
    }

    private static int EndOfLine(char[] chars, int from)
    {
        var i = from;
        while (i < chars.Length && chars[i] != '\n' && chars[i] != '\r')
        {
            i++;
        }

        return i;
    }

    // System.Text.Json reports UTF-8 byte offsets; people count characters.
    private static int CharacterColumn(string text, int lineIndex, int byteOffset)
    {
        var lines = text.Split('\n');
        if (lineIndex >= lines.Length)
        {
            return byteOffset + 1;
        }

        var bytes = Encoding.UTF8.GetBytes(lines[lineIndex]);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(byteOffset, bytes.Length)) + 1;
    }

    private static string Reason(JsonException e)
    {
        var message = e.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (position < 0 ? message : message[..position]).TrimEnd('.', ' ');
    }
}
