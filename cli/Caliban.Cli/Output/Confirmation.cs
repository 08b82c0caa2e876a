using Spectre.Console;

namespace Caliban.Cli.Output;

/// <summary>Asks before stopping or resubmitting: `--yes` skips it, and so does input that is not a terminal (scripts).</summary>
internal static class Confirmation
{
    public static bool Ask(string question, bool yes)
    {
        if (yes || Console.IsInputRedirected) return true;
        return AnsiConsole.Confirm(question, defaultValue: false);
    }
}
