using Caliban.Core.Diagnostics;

namespace Caliban.Cli.Output;

/// <summary>Caliban.Core's log for commands that call Core directly: info to stdout, warnings to stderr.</summary>
internal sealed class ConsoleCalibanLog : ICalibanLog
{
    private readonly HashSet<string> _suppressed = [];

    public void Suppress(string code) => _suppressed.Add(code);

    public void Info(string message) => Console.Out.WriteLine(message);

    public void Detail(string message)
    {
    }

    public void Warning(string code, string message, string? file = null)
    {
        if (!_suppressed.Contains(code)) Console.Error.WriteLine(ConsoleText.Diagnostic("warning", code, message));
    }
}
