namespace Caliban.Core.Registry;

/// <summary>What to push: a built local image, the repository, and where the push stamp lives.</summary>
/// <param name="ImageId">The built image's id ("sha256:…", CalibanImageId).</param>
/// <param name="Tag">The tag to push with: the image's fingerprint tag (the tag part of CalibanImageTag).</param>
/// <param name="StampFile">obj/caliban/push.stamp.json; null to neither read nor write one.</param>
public sealed record PushRequest(string ImageId, string Tag, ImageRepository Repository, string? StampFile)
{
    /// <summary>The tag part of a "name:tag" reference such as CalibanImageTag ("127.0.0.1:5000/x:abc" → "abc").</summary>
    public static string TagOf(string imageTag)
    {
        var colon = imageTag.LastIndexOf(':');
        return colon > imageTag.LastIndexOf('/') ? imageTag[(colon + 1)..] : "latest";
    }
}
