using Spectre.Console;
using Spectre.Console.Rendering;

namespace Caliban.Cli.Output;

/// <summary>Writes tables to the console; piped output has no width, so rows stay on one line rather than wrapping at 80 columns.</summary>
internal static class Tables
{
    public static void Write(IEnumerable<IRenderable> tables)
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 200);
        foreach (var table in tables) AnsiConsole.Write(table);
    }
}
