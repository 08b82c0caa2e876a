using Caliban.Core.Registry;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Engine;

/// <summary>Registries: pushing a tagged image with credentials sent as X-Registry-Auth (never on a command line).</summary>
public sealed partial class ContainerEngine
{
    /// <summary>
    /// Pushes <paramref name="repository"/>:<paramref name="tag"/> (tag it first with <see cref="TagImageAsync"/>).
    /// Failures the engine or registry report come back in <see cref="ImagePushResult.Error"/>; only a broken
    /// connection to the engine throws (CAL3002).
    /// </summary>
    public async Task<ImagePushResult> PushImageAsync(
        ImageRepository repository, string tag, RegistryCredential credential, Action<string> progressLine, CancellationToken ct)
    {
        var monitor = new PushProgressMonitor(progressLine);
        try
        {
            await client.Images.PushImageAsync(repository.Name, new ImagePushParameters { Tag = tag }, ToAuthConfig(credential, repository), monitor, ct)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (DockerApiException e)
        {
            return new ImagePushResult(null, EngineFailure.MessageOf(e), 0, 0);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && EngineFailure.IsEngineFailure(e))
        {
            throw EngineFailure.RequestFailed(Endpoint, $"pushing {repository}:{tag}", e);
        }

        return new ImagePushResult(monitor.Digest, monitor.Error, monitor.LayersUploaded, monitor.LayersPresent);
    }

    // An empty AuthConfig is an anonymous push; the engine picks the registry from the image name, not ServerAddress.
    private static AuthConfig ToAuthConfig(RegistryCredential credential, ImageRepository repository) => new()
    {
        Username = credential.Username,
        Password = credential.Password,
        IdentityToken = credential.IdentityToken,
        ServerAddress = credential.IsAnonymous ? null : repository.CredentialKey,
    };
}
