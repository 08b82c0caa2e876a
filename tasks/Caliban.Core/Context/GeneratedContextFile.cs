namespace Caliban.Core.Context;

/// <summary>A file made in memory for the build context (the generated Dockerfile, a generated .dockerignore).</summary>
public sealed record GeneratedContextFile(string RelativePath, byte[] Content);
