using System.Text;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Images;

namespace Caliban.Core.Experiments;

/// <summary>Parses an experiment config's JSON the way Caliban's commentjson did: `#` and `//` line comments allowed.</summary>
internal static class ExperimentJson
{
    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static JsonDocument Parse(string text, string sourceName, string? file)
    {
        // System.Text.Json knows `//` but not `#`; blanking keeps line and column numbers true.
        var blanked = JsonWithComments.BlankHashComments(text);
        if (HasNoContent(blanked))
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigInvalidJson,
                $"The experiment config {sourceName} is empty. Write a JSON object such as {{\"seed\": [0, 1]}}, or a list of them.", file);
        }

        try
        {
            return JsonDocument.Parse(blanked, Options);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var column = CharacterColumn(blanked, line, (int)(e.BytePositionInLine ?? 0));
            throw new CalibanException(ErrorCodes.ExperimentConfigInvalidJson,
                $"The experiment config {sourceName} is not valid JSON at line {line + 1}, column {column}: {Reason(e)}. " +
                "Fix the syntax there (comments starting with # or // are allowed).", file);
        }
    }

    /// <summary>True when the text is only whitespace and `//` or `/* */` comments (`#` ones are already blanked).</summary>
    private static bool HasNoContent(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) i++;
            else if (text.AsSpan(i).StartsWith("//")) i = text.IndexOf('\n', i) is var end and >= 0 ? end : text.Length;
            else if (text.AsSpan(i).StartsWith("/*")) i = text.IndexOf("*/", i + 2, StringComparison.Ordinal) is var close and >= 0 ? close + 2 : text.Length;
            else return false;
        }

        return true;
    }

    // System.Text.Json reports UTF-8 byte offsets; people count characters.
    private static int CharacterColumn(string text, int lineIndex, int byteOffset)
    {
        var lines = text.Split('\n');
        if (lineIndex >= lines.Length) return byteOffset + 1;
        var bytes = Encoding.UTF8.GetBytes(lines[lineIndex]);
        return Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(byteOffset, bytes.Length)) + 1;
    }

    private static string Reason(JsonException e)
    {
        var position = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (position < 0 ? e.Message : e.Message[..position]).TrimEnd('.', ' ');
    }
}
