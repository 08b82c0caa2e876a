using Caliban.Core.Context;

namespace Caliban.Core.Build;

/// <summary>Everything <see cref="ImageBuilder"/> needs to build a project's image, as the MSBuild targets resolved it.</summary>
public sealed record ImageBuildInputs
{
    public required string ProjectDirectory { get; init; }
    public required IReadOnlyList<ContextFile> ContextFiles { get; init; }
    public required string DockerfilePath { get; init; }

    /// <summary>The other settings that shape the image (image name, build args, labels…), as one text.</summary>
    public required string Settings { get; init; }

    public required string StampFile { get; init; }
    public required string HashCacheFile { get; init; }
    public required string ImageName { get; init; }

    /// <summary>Put before both tags, e.g. "shell-" gives ImageName:shell-FINGERPRINT and ImageName:shell-latest.</summary>
    public string TagPrefix { get; init; } = "";

    /// <summary>The base image of a generated Dockerfile; empty for the user's own Dockerfile.</summary>
    public string BaseImage { get; init; } = "";

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool NoCache { get; init; }
    public string? Platform { get; init; }
    public string SdkVersion { get; init; } = "";

    /// <summary>The project's name (its file name without extension), for the image's labels.</summary>
    public required string ProjectName { get; init; }
}

/// <summary>The image a project's build produced or found up to date.</summary>
public sealed record BuiltImage(string ImageId, string Tag, string Fingerprint, bool Rebuilt);
