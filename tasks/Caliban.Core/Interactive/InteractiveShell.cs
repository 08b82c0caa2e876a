using Caliban.Core.Diagnostics;

namespace Caliban.Core.Interactive;

/// <summary>The shell `caliban shell` starts (Caliban's <c>--shell</c>).</summary>
public enum InteractiveShell
{
    Bash,
    Zsh,
}

public static class InteractiveShells
{
    /// <summary>
    /// Caliban's default: zsh when $SHELL names zsh and the home directory (with its .zshrc) is mounted, else bash.
    /// An unset $SHELL means bash (Caliban crashed there).
    /// </summary>
    public static InteractiveShell Default(string? shellVariable, bool bare) =>
        !bare && shellVariable is not null && shellVariable.Contains("zsh", StringComparison.Ordinal) ? InteractiveShell.Zsh : InteractiveShell.Bash;

    /// <summary>The host's default from $SHELL.</summary>
    public static InteractiveShell Default(bool bare) => Default(Environment.GetEnvironmentVariable("SHELL"), bare);

    /// <summary>"bash" or "zsh" (any case); anything else is CAL3409.</summary>
    public static InteractiveShell Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "bash" => InteractiveShell.Bash,
        "zsh" => InteractiveShell.Zsh,
        _ => throw new CalibanException(ErrorCodes.InteractiveShellUnknown,
            $"--shell \"{text}\" is not a shell caliban can start. Use --shell bash or --shell zsh, or leave it out for the default " +
            "(zsh when $SHELL is zsh and the home directory is mounted, else bash)."),
    };

    /// <summary>The program started in the container.</summary>
    public static string Program(this InteractiveShell shell) => shell == InteractiveShell.Zsh ? "/bin/zsh" : "/bin/bash";

    /// <summary>The apt package the image needs for the shell; null when the base image has it (bash).</summary>
    public static string? AptPackage(this InteractiveShell shell) => shell == InteractiveShell.Zsh ? "zsh" : null;
}
