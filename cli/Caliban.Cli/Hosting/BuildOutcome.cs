namespace Caliban.Cli.Hosting;

/// <summary>How a build ended: success, the error codes it logged, and whether Ctrl+C canceled it.</summary>
internal sealed record BuildOutcome(bool Succeeded, IReadOnlyList<string> ErrorCodes, bool Canceled)
{
    /// <summary>Targets' output properties the command asked for (e.g. CalibanExperimentGroup).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Items the command asked for, by type (e.g. the resolved apt packages).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Mapping.CliItem>> Items { get; init; } = new Dictionary<string, IReadOnlyList<Mapping.CliItem>>();
}
