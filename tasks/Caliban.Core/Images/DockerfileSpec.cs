namespace Caliban.Core.Images;

/// <summary>Everything that decides the generated Dockerfile; the same spec always gives the same bytes.</summary>
public sealed record DockerfileSpec
{
    /// <summary>The resolved FROM image (see <see cref="BaseImageResolver"/>).</summary>
    public required string BaseImage { get; init; }

    public JobMode Mode { get; init; }

    /// <summary>The uid the container runs as (the host's, so files on mounts keep their owner).</summary>
    public required int UserId { get; init; }

    public required int GroupId { get; init; }

    /// <summary>The login name for the image's user; sanitized for useradd by the generator.</summary>
    public string UserName { get; init; } = LinuxUserNames.Fallback;

    /// <summary>apt packages to install; the generator sorts and dedups them so the layer caches well.</summary>
    public IReadOnlyList<string> AptPackages { get; init; } = [];

    /// <summary>setup.py extras (and pyproject optional-dependency groups) besides the job mode's own.</summary>
    public IReadOnlyList<string> Extras { get; init; } = [];

    /// <summary>Project-relative directories copied before the code, in this order (largest first caches best).</summary>
    public IReadOnlyList<string> ExtraDirectories { get; init; } = [];

    /// <summary>The code to copy and run; null gives an image without code or ENTRYPOINT (for `caliban shell`).</summary>
    public EntryPoint? EntryPoint { get; init; }

    public DependencyFiles Dependencies { get; init; } = DependencyFiles.None;

    /// <summary>
    /// One shell command run as root after the dependencies, such as "pip install jupyterlab notebook" for the image
    /// of `caliban notebook`; null for none.
    /// </summary>
    public string? JupyterInstall { get; init; }

    public required string ProjectDirectory { get; init; }

    /// <summary>Who generated the file, for its header comment, e.g. "Caliban.Sdk 0.1.0 from hello.calibanproj".</summary>
    public string GeneratedBy { get; init; } = "Caliban.Sdk";
}
