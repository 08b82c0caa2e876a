namespace Caliban.Core.Images;

/// <summary>
/// A generated Dockerfile and the project-relative paths its COPY lines read (`.` = the whole project), so the
/// caller can send only those in the build context.
/// </summary>
public sealed record GeneratedDockerfile(string Text, IReadOnlyList<string> ContextRoots);
