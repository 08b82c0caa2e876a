namespace Caliban.Core.Engine;

/// <summary>A finished image build.</summary>
/// <param name="ImageId">Content id of the built image, "sha256:…".</param>
/// <param name="Steps">Dockerfile steps the engine ran.</param>
/// <param name="CachedSteps">Steps answered from the engine's build cache.</param>
public sealed record ImageBuildResult(string ImageId, int Steps, int CachedSteps);
