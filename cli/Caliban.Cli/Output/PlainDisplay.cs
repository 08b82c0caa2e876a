namespace Caliban.Cli.Output;

/// <summary>Line output for logs, pipes and CI: important messages to stdout, diagnostics to stderr, no live parts.</summary>
internal sealed class PlainDisplay : IBuildDisplay
{
    private readonly Lock _gate = new();

    public void Step(string target)
    {
    }

    public void Message(string text, bool important)
    {
        if (!important) return;
        lock (_gate) Console.Out.WriteLine(ConsoleText.ForCli(text));
    }

    public void Warning(string? code, string text)
    {
        lock (_gate) Console.Error.WriteLine(ConsoleText.Diagnostic("warning", code, text));
    }

    public void Error(string? code, string text)
    {
        lock (_gate) Console.Error.WriteLine(ConsoleText.Diagnostic("error", code, text));
    }
}
