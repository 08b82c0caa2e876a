using System.Text;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Experiments;

/// <summary>
/// Splits argument text (`CalibanArgs`, an experiment item's `Args`) into words like a POSIX shell, without expansion:
/// whitespace separates, '…' is literal, "…" groups with \ escaping only \ " $ ` and newline, \ outside quotes escapes
/// any character, and backslash-newline joins lines. No variables, globs or comments.
/// </summary>
public static class CommandLineWords
{
    /// <summary>Splits <paramref name="text"/>; an unclosed quote is CAL1410 naming the text.</summary>
    public static IReadOnlyList<string> Split(string text) => Split(text, origin: null);

    /// <summary>Splits <paramref name="text"/>; errors name <paramref name="origin"/> (e.g. "CalibanArgs") as where it came from.</summary>
    public static IReadOnlyList<string> Split(string text, string? origin)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsSeparator(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else if (c == '\\' && LineContinuationLength(text, i + 1) is var joined and > 0)
            {
                i += joined;
            }
            else if (c == '\\')
            {
                // A trailing backslash stays literal, as in `sh -c`.
                if (i + 1 < text.Length) i++;
                word.Append(text[i]);
                inWord = true;
            }
            else if (c == '\'')
            {
                var close = text.IndexOf('\'', i + 1);
                if (close < 0) throw Unclosed(text, origin, c, i);
                word.Append(text, i + 1, close - i - 1);
                i = close;
                inWord = true;
            }
            else if (c == '"')
            {
                i = AppendDoubleQuoted(text, i, word, origin);
                inWord = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord) words.Add(word.ToString());
        return words;
    }

    /// <summary>Appends the body of the "…" opening at <paramref name="open"/>; returns the index of the closing quote.</summary>
    private static int AppendDoubleQuoted(string text, int open, StringBuilder word, string? origin)
    {
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"') return i;
            if (c == '\\' && LineContinuationLength(text, i + 1) is var joined and > 0)
            {
                i += joined;
            }
            else if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\' or '$' or '`')
            {
                word.Append(text[++i]);
            }
            else
            {
                word.Append(c);
            }
        }

        throw Unclosed(text, origin, '"', open);
    }

    // A newline (LF or CRLF) right after a backslash: both vanish.
    private static int LineContinuationLength(string text, int at) =>
        at < text.Length && text[at] == '\n' ? 1
        : at + 1 < text.Length && text[at] == '\r' && text[at + 1] == '\n' ? 2
        : 0;

    private static bool IsSeparator(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';

    private static CalibanException Unclosed(string text, string? origin, char quote, int at) =>
        new(ErrorCodes.ArgumentQuoteUnclosed,
            $"Unclosed {quote} quote in {origin ?? "the arguments"} {Shown(text)} (opened at character {at + 1}). " +
            $"Close it, or escape the quote with a backslash (\\{quote}).");

    private static string Shown(string text) => text.Length <= 120 ? $"`{text}`" : $"`{text[..120]}…`";
}
