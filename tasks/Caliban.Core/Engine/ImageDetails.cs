namespace Caliban.Core.Engine;

/// <summary>What the engine knows about one local image.</summary>
/// <param name="Id">Content id, "sha256:…".</param>
/// <param name="Created">When the image was made (UTC); <see cref="DateTime.MinValue"/> if the engine does not say.</param>
public sealed record ImageDetails(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    IReadOnlyDictionary<string, string> Labels,
    DateTime Created);
