namespace Caliban.Cli.Parsing;

/// <summary>A mistake on the command line: one line saying what is wrong and what to do. Exit code 2.</summary>
internal sealed class UsageError(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
