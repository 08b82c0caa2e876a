using System.Text;
using System.Text.RegularExpressions;

namespace Caliban.Core.Engine;

/// <summary>
/// Joins build output chunks into whole lines. The engine splits output anywhere, colours stderr with terminal
/// escapes, and progress bars redraw a line with '\r', so escapes are dropped and only the text after a line's
/// last '\r' is kept.
/// </summary>
internal sealed partial class OutputLineAssembler
{
    private readonly StringBuilder pending = new();

    /// <summary>Adds a chunk and returns the non-blank lines it completes.</summary>
    public IReadOnlyList<string> Append(string chunk)
    {
        List<string>? lines = null;
        foreach (var c in chunk)
        {
            if (c == '\n')
            {
                AddIfVisible(ref lines, TakePending());
            }
            else
            {
                pending.Append(c);
            }
        }

        return lines ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Returns the unfinished last line, if it has any text.</summary>
    public IReadOnlyList<string> Flush()
    {
        List<string>? lines = null;
        AddIfVisible(ref lines, TakePending());
        return lines ?? (IReadOnlyList<string>)[];
    }

    private string TakePending()
    {
        var raw = TerminalEscape().Replace(pending.ToString(), "").TrimEnd('\r');
        pending.Clear();
        var redraw = raw.LastIndexOf('\r');
        return redraw < 0 ? raw : raw[(redraw + 1)..];
    }

    private static void AddIfVisible(ref List<string>? lines, string line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            (lines ??= []).Add(line.TrimEnd());
        }
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex TerminalEscape();
}
