namespace Caliban.Core.History;

/// <summary>The image a set of experiments ran in and how to build it again; (ImageId, ProjectDirectory, SpecJson) identify it.</summary>
public sealed class ContainerSpecInput
{
    public required string ImageId { get; init; }
    public string? ImageTag { get; init; }
    public string? ImageDigest { get; init; }
    public string? GitCommit { get; init; }
    public bool? GitDirty { get; init; }
    public string? BaseImage { get; init; }
    public required string ProjectDirectory { get; init; }

    /// <summary>Everything else needed to rebuild the image (entry point, build settings) as a JSON object.</summary>
    public required string SpecJson { get; init; }
}
