namespace Caliban.Core.Images;

/// <summary>
/// Caliban's `dlvm:` shorthands for Google's Deep Learning VM images, e.g. `dlvm:pytorch-gpu-1.4` →
/// `gcr.io/deeplearning-platform-release/pytorch-gpu.1-4`.
/// </summary>
public static class DlvmImages
{
    public const string Prefix = "dlvm:";

    private static readonly (string Library, string?[] Versions)[] Libraries =
    [
        ("pytorch", [null, "1.0", "1.1", "1.2", "1.3", "1.4"]),
        ("tf", [null, "1.0", "1.13", "1.14", "1.15"]),
        ("tf2", [null, "2.0", "2.1", "2.2"]),
    ];

    /// <summary>Every alias and the image it stands for, in a stable order.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = BuildAliases();

    /// <summary>The aliases in a compact form for messages, e.g. `dlvm:tf2-cpu|gpu[-2.0|2.1|2.2]`.</summary>
    public static string Summary { get; } = string.Join(", ", Libraries.Select(entry =>
        $"{Prefix}{entry.Library}-cpu|gpu[-{string.Join('|', entry.Versions.OfType<string>())}]"));

    private static IReadOnlyDictionary<string, string> BuildAliases()
    {
        var aliases = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var mode in new[] { "cpu", "gpu" })
        {
            foreach (var (library, versions) in Libraries)
            {
                foreach (var version in versions)
                {
                    var alias = $"{Prefix}{library}-{mode}" + (version is null ? "" : $"-{version}");
                    var image = $"gcr.io/deeplearning-platform-release/{library}-{mode}" +
                                (version is null ? "" : $".{version.Replace('.', '-')}");
                    aliases.Add(alias, image);
                }
            }
        }

        return aliases;
    }
}
