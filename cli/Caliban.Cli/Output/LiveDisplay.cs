using Spectre.Console;

namespace Caliban.Cli.Output;

/// <summary>
/// For a terminal: a spinner naming the current step and its latest detail line, with important lines, warnings and
/// errors printed above it as they come.
/// </summary>
internal sealed class LiveDisplay : IBuildDisplay
{
    private readonly Lock _gate = new();
    private StatusContext? _context;
    private string _step = "Starting";

    /// <summary>Runs <paramref name="work"/> under the live spinner.</summary>
    public T Run<T>(Func<T> work) =>
        AnsiConsole.Status().Spinner(Spinner.Known.Dots).SpinnerStyle(Style.Parse("cyan")).Start("Starting", context =>
        {
            lock (_gate) _context = context;
            try
            {
                return work();
            }
            finally
            {
                lock (_gate) _context = null;
            }
        });

    public void Step(string target)
    {
        if (StepNames.Describe(target) is not { } step) return;
        lock (_gate)
        {
            _step = step;
            _context?.Status(Markup.Escape(step) + "…");
        }
    }

    public void Message(string text, bool important)
    {
        lock (_gate)
        {
            if (important) AnsiConsole.WriteLine(ConsoleText.ForCli(text));
            else if (_context is not null && FirstLine(text) is { Length: > 0 } detail)
                _context.Status($"{Markup.Escape(_step)}… [grey]{Markup.Escape(Shorten(detail))}[/]");
        }
    }

    public void Warning(string? code, string text)
    {
        lock (_gate) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(ConsoleText.Diagnostic("warning", code, text))}[/]");
    }

    public void Error(string? code, string text)
    {
        lock (_gate) AnsiConsole.MarkupLine($"[red]{Markup.Escape(ConsoleText.Diagnostic("error", code, text))}[/]");
    }

    private static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0].Trim();

    private static string Shorten(string text)
    {
        var width = Math.Max(20, AnsiConsole.Profile.Width - 40);
        return text.Length <= width ? text : text[..(width - 1)] + "…";
    }
}
