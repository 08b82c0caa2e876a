namespace Caliban.Core.History;

/// <summary>A stored container spec. <see cref="SpecJson"/> is the canonical form (sorted keys, no whitespace).</summary>
public sealed record ContainerSpecRecord(
    long Id,
    string ImageId,
    string? ImageTag,
    string? ImageDigest,
    string? GitCommit,
    bool? GitDirty,
    string? BaseImage,
    string ProjectDirectory,
    string SpecJson,
    DateTime Created);
