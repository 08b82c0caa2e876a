using Caliban.Cli.Output;

namespace Caliban.Cli.Hosting;

/// <summary>How to run the build: who displays it, MSBuild's own detailed console output, a binary log.</summary>
internal sealed record BuildRequestOptions(IBuildDisplay Display, bool Verbose, string? BinlogPath)
{
    /// <summary>Properties to read back from the project after the build.</summary>
    public IReadOnlyList<string> OutputProperties { get; init; } = [];

    /// <summary>Item types to read back from the project after the build.</summary>
    public IReadOnlyList<string> OutputItems { get; init; } = [];
}
