using System.Text.Json.Serialization;

namespace Caliban.Core.Context;

/// <summary>The on-disk form of <see cref="FileHashCache"/>; bump <see cref="CurrentVersion"/> when it changes.</summary>
internal sealed class FileHashCacheDocument
{
    public const int CurrentVersion = 1;

    public int Version { get; set; }

    public List<FileHashCacheRecord>? Files { get; set; }

    public static FileHashCacheDocument FromEntries(IEnumerable<KeyValuePair<string, FileHashCacheEntry>> entries) => new()
    {
        Version = CurrentVersion,
        Files = entries
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => new FileHashCacheRecord
            {
                Path = e.Key,
                Length = e.Value.Length,
                LastWriteTicks = e.Value.LastWriteTicks,
                Sha256 = e.Value.Sha256,
                IsCredentialJson = e.Value.IsCredentialJson,
            })
            .ToList(),
    };

    /// <summary>The valid entries of a document; anything from another version or malformed is dropped.</summary>
    public static Dictionary<string, FileHashCacheEntry> ToEntries(FileHashCacheDocument? document)
    {
        var entries = new Dictionary<string, FileHashCacheEntry>(StringComparer.Ordinal);
        if (document is not { Version: CurrentVersion, Files: { } files })
        {
            return entries;
        }

        foreach (var record in files)
        {
            if (record is { Path.Length: > 0 } && (record.Sha256 is null || IsSha256Hex(record.Sha256)))
            {
                entries[record.Path] = new FileHashCacheEntry(record.Length, record.LastWriteTicks, record.Sha256, record.IsCredentialJson);
            }
        }

        return entries;
    }

    private static bool IsSha256Hex(string value) =>
        value.Length == 64 && value.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}

/// <summary>One file in <see cref="FileHashCacheDocument"/>.</summary>
internal sealed class FileHashCacheRecord
{
    public string? Path { get; set; }

    public long Length { get; set; }

    public long LastWriteTicks { get; set; }

    public string? Sha256 { get; set; }

    public bool? IsCredentialJson { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileHashCacheDocument))]
internal sealed partial class FileHashCacheJson : JsonSerializerContext;
