namespace Caliban.Cli.Mapping;

/// <summary>An item the CLI adds to the evaluated project (global properties cannot carry items).</summary>
internal sealed record CliItem(string ItemType, string Include, IReadOnlyDictionary<string, string> Metadata);

/// <summary>What a command asks of MSBuild: the SDK targets to run, with global properties and extra items.</summary>
internal sealed class BuildInvocation
{
    public required IReadOnlyList<string> Targets { get; init; }
    public SortedDictionary<string, string> Properties { get; } = new(StringComparer.Ordinal);
    public List<CliItem> Items { get; } = [];

    /// <summary>The same request as a `dotnet build` command line (shown with -v, and documented as the equivalent).</summary>
    public string ToDotnetBuild()
    {
        var parts = new List<string> { "dotnet build", $"-t:{string.Join(';', Targets)}" };
        parts.AddRange(Properties.Select(p => $"-p:{p.Key}={Quote(p.Value)}"));
        parts.AddRange(Items.Select(i => $"(item {i.ItemType} '{i.Include}'{string.Concat(i.Metadata.Select(m => $" {m.Key}='{m.Value}'"))})"));
        return string.Join(' ', parts);
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || "-_./:=,+@".Contains(c)) ? value : "\"" + value.Replace("\"", "\\\"") + "\"";
}
