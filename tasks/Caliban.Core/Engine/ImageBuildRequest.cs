namespace Caliban.Core.Engine;

/// <summary>How to build an image from a tar build context.</summary>
public sealed record ImageBuildRequest
{
    /// <summary>Path of the Dockerfile inside the tar.</summary>
    public string Dockerfile { get; init; } = "Dockerfile";

    /// <summary>Where the Dockerfile lives on disk, for error messages; defaults to <see cref="Dockerfile"/>.</summary>
    public string? DockerfileDisplayPath { get; init; }

    /// <summary>"repository:tag" names to give the image; the first one is checked after the build.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public bool NoCache { get; init; }

    /// <summary>Target platform such as "linux/amd64"; null lets the engine choose.</summary>
    public string? Platform { get; init; }

    /// <summary>Pull a newer base image even when one exists locally.</summary>
    public bool PullBaseImage { get; init; }

    internal string DockerfileForMessages => DockerfileDisplayPath ?? Dockerfile;
}
