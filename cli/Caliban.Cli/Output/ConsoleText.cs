using System.Text.RegularExpressions;

namespace Caliban.Cli.Output;

/// <summary>Formats diagnostics as one `error CODE: …` line (continuation lines indented) and speaks the CLI's language in hints.</summary>
internal static partial class ConsoleText
{
    public static string Diagnostic(string kind, string? code, string text)
    {
        var lines = ForCli(text).ReplaceLineEndings("\n").TrimEnd().Split('\n');
        var head = string.IsNullOrEmpty(code) ? $"{kind}: {lines[0]}" : $"{kind} {code}: {lines[0]}";
        return lines.Length == 1 ? head : head + "\n" + string.Join('\n', lines.Skip(1).Select(line => "  " + line.TrimStart()));
    }

    /// <summary>The SDK's hints name targets; at the command line the same advice is a caliban command.</summary>
    public static string ForCli(string text)
    {
        text = ResubmitHint().Replace(text, "caliban resubmit --xgroup ${group}");
        text = LogsHint().Replace(text, "caliban status --xgroup ${group}");
        return text;
    }

    [GeneratedRegex(@"-t:CalibanResubmit -p:CalibanExperimentGroup=(?<group>[^\s;,)]+)")]
    private static partial Regex ResubmitHint();

    [GeneratedRegex(@"-t:CalibanLogs -p:CalibanExperimentGroup=(?<group>[^\s;,)]+)")]
    private static partial Regex LogsHint();
}
