namespace Caliban.Core.Registry;

/// <summary>What the engine's push stream said.</summary>
/// <param name="Digest">The manifest digest from the stream's aux message ("sha256:…"), if it sent one.</param>
/// <param name="Error">The engine's or registry's error; the push failed when this is set.</param>
public sealed record ImagePushResult(string? Digest, string? Error, int LayersUploaded, int LayersPresent);
