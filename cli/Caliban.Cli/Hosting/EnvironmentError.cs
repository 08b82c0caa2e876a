namespace Caliban.Cli.Hosting;

/// <summary>Something missing from the machine rather than wrong on the command line (no .NET SDK, no Caliban.Sdk). Exit code 3.</summary>
internal sealed class EnvironmentError(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
