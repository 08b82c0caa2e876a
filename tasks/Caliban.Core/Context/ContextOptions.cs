namespace Caliban.Core.Context;

/// <summary>What <see cref="ContextCollector"/> sends: which roots, and which extra rules on top of .dockerignore.</summary>
public sealed record ContextOptions
{
    /// <summary>Project-relative files or directories the Dockerfile copies; empty, or containing ".", means the whole project.</summary>
    public IReadOnlyList<string> Roots { get; init; } = [];

    /// <summary>More .dockerignore-style patterns (from the project file), applied after the .dockerignore file's own.</summary>
    public IReadOnlyList<string> ExtraExcludes { get; init; } = [];

    /// <summary>
    /// Leaves out build output, VCS metadata and Python clutter (see <see cref="DefaultExcludes"/>). Credentials are
    /// left out whatever this says.
    /// </summary>
    public bool UseDefaultExcludes { get; init; } = true;

    /// <summary>The host's GOOGLE_APPLICATION_CREDENTIALS file; left out when it lies inside the project.</summary>
    public string? CredentialsFile { get; init; }
}
