namespace Caliban.Core.Registry;

/// <summary>An image in a registry, named by digest so a job runs exactly it.</summary>
/// <param name="Repository">Where it was pushed ("us-central1-docker.pkg.dev/p/r/mnist").</param>
/// <param name="Tag">The fingerprint tag it was pushed with.</param>
/// <param name="Digest">The registry's manifest digest, "sha256:…".</param>
/// <param name="ImageId">The local image id, "sha256:…".</param>
/// <param name="Uploaded">False when the registry already had it and nothing was sent.</param>
public sealed record PushedImage(string Repository, string Tag, string Digest, string ImageId, bool Uploaded)
{
    /// <summary>"repository@sha256:…" (CalibanPushedImage): what cloud and cluster jobs run.</summary>
    public string Reference => $"{Repository}@{Digest}";
}
