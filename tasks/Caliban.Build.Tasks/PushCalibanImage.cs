using Caliban.Core.Diagnostics;
using Caliban.Core.Google;
using Caliban.Core.Registry;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>
/// Pushes the built image to CalibanImageRepository with its fingerprint tag and returns it by digest; skips the
/// upload when the registry still has what the push stamp records.
/// </summary>
public sealed class PushCalibanImage : CalibanTask
{
    /// <summary>CalibanImageId: the built image.</summary>
    [Required] public string ImageId { get; set; } = "";

    /// <summary>CalibanImageTag ("name:fingerprint"): its tag part is the tag pushed.</summary>
    [Required] public string ImageTag { get; set; } = "";

    /// <summary>CalibanImageRepository.</summary>
    public string? Repository { get; set; }

    /// <summary>obj/caliban/push.stamp.json.</summary>
    [Required] public string StampFile { get; set; } = "";

    /// <summary>CalibanCloudKeyFile: a service-account key for Google registries.</summary>
    public string? KeyFile { get; set; }

    [Output] public string Digest { get; private set; } = "";

    [Output] public string PushedImage { get; private set; } = "";

    [Output] public bool Uploaded { get; private set; }

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        var repository = ImageRepository.Parse(Repository);
        var credentials = new RegistryCredentialResolver(log, GoogleTokens);
        using var pusher = new RegistryPusher(log, credentials);
        var pushed = await pusher.PushAsync(new PushRequest(ImageId, PushRequest.TagOf(ImageTag), repository, StampFile), cancellationToken);
        Digest = pushed.Digest;
        PushedImage = pushed.Reference;
        Uploaded = pushed.Uploaded;
    }

    // Called only for Google registries that the docker config has no credentials for.
    // CALIBAN_GOOGLE_ACCESS_TOKEN, then the key file, then Application Default Credentials (looked up on first use only).
    private IAccessTokenSource? GoogleTokens() =>
        GoogleAccessTokens.Create(KeyFile);
}
