using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Naming;

namespace Caliban.Core.Registry;

/// <summary>
/// Pushes a built image to a registry and returns it by digest. When the push stamp says this image already went to
/// this repository and the registry still has that manifest under the tag, nothing is uploaded. Credentials come from
/// <see cref="RegistryCredentialResolver"/> and reach the engine only as X-Registry-Auth.
/// </summary>
public sealed class RegistryPusher : IDisposable
{
    /// <summary>How long asking the registry whether it already has the image may take before we just push.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    private readonly ICalibanLog log;
    private readonly RegistryCredentialResolver credentials;
    private readonly HttpClient http;

    /// <param name="registryHandler">The HTTP handler for the registry's v2 API (tests); default a plain handler.</param>
    public RegistryPusher(ICalibanLog log, RegistryCredentialResolver credentials, HttpMessageHandler? registryHandler = null)
    {
        this.log = log;
        this.credentials = credentials;
        http = registryHandler is null ? new HttpClient() : new HttpClient(registryHandler, disposeHandler: false);
        http.Timeout = ProbeTimeout;
    }

    /// <summary>Pushes through the engine that <see cref="DockerEndpoint.Resolve"/> finds, connecting only when an upload is needed.</summary>
    public Task<PushedImage> PushAsync(PushRequest request, CancellationToken ct) => PushAsync(request, engine: null, ct);

    /// <summary>Pushes through <paramref name="engine"/> (null: connect when an upload is needed).</summary>
    public async Task<PushedImage> PushAsync(PushRequest request, ContainerEngine? engine, CancellationToken ct)
    {
        var repository = request.Repository;
        var credential = await credentials.ResolveAsync(repository, ct).ConfigureAwait(false);
        if (await AlreadyPushedAsync(request, credential, ct).ConfigureAwait(false) is { } existing)
        {
            log.Info($"Image {ImageNames.ShortId(request.ImageId)} is already in {repository.Registry} as {existing.Reference}; nothing to push.");
            return existing;
        }

        var owned = engine is null;
        engine ??= await ContainerEngine.ConnectAsync(log, ct).ConfigureAwait(false);
        try
        {
            return await UploadAsync(engine, request, credential, ct).ConfigureAwait(false);
        }
        finally
        {
            if (owned)
            {
                engine.Dispose();
            }
        }
    }

    public void Dispose() => http.Dispose();

    private async Task<PushedImage?> AlreadyPushedAsync(PushRequest request, RegistryCredential credential, CancellationToken ct)
    {
        if (request.StampFile is null || PushStamp.Read(request.StampFile) is not { } stamp)
        {
            return null;
        }

        if (stamp.ImageId != request.ImageId || stamp.Repository != request.Repository.Name || stamp.Tag != request.Tag)
        {
            log.Detail($"The last push ({stamp.Repository}:{stamp.Tag}, image {ImageNames.ShortId(stamp.ImageId)}) was of another image or repository.");
            return null;
        }

        try
        {
            var digest = await new ManifestProbe(http).GetDigestAsync(request.Repository, request.Tag, credential, ct).ConfigureAwait(false);
            if (digest == stamp.Digest)
            {
                return new PushedImage(stamp.Repository, stamp.Tag, stamp.Digest, stamp.ImageId, Uploaded: false);
            }

            log.Detail(digest is null
                ? $"{request.Repository.Registry} no longer has {request.Repository.Name}:{request.Tag}; pushing it again."
                : $"{request.Repository.Name}:{request.Tag} now names {digest} in the registry, not the pushed {stamp.Digest}; pushing again.");
        }
        catch (RegistryProbeException e)
        {
            // Only a shortcut: when the registry cannot say, the push itself will (and reports a coded error if it must).
            log.Detail($"Cannot tell whether {request.Repository.Registry} still has {request.Repository.Name}:{request.Tag}: {e.Message}; pushing.");
        }

        return null;
    }

    private async Task<PushedImage> UploadAsync(ContainerEngine engine, PushRequest request, RegistryCredential credential, CancellationToken ct)
    {
        var repository = request.Repository;
        if (await engine.InspectImageAsync(request.ImageId, ct).ConfigureAwait(false) is null)
        {
            throw new CalibanException(ErrorCodes.PushImageMissing,
                $"Cannot push image {ImageNames.ShortId(request.ImageId)} to {repository.Name}: the engine at {engine.Endpoint.Uri} no longer has it. " +
                "Build it again (`dotnet build -t:CalibanBuild`), then push.");
        }

        await engine.TagImageAsync(request.ImageId, repository.Name, request.Tag, ct).ConfigureAwait(false);
        log.Info($"Pushing {repository.Name}:{request.Tag} to {repository.Registry} (credentials: {credential.Source}).");
        var result = await engine.PushImageAsync(repository, request.Tag, credential, line => log.Detail(line), ct).ConfigureAwait(false);
        if (result.Error is { } error)
        {
            throw PushFailure.Describe(error, repository, request.Tag, credential);
        }

        var digest = await ConfirmDigestAsync(engine, request, result, ct).ConfigureAwait(false);
        var pushed = new PushedImage(repository.Name, request.Tag, digest, request.ImageId, Uploaded: true);
        if (request.StampFile is not null)
        {
            new PushStamp(request.ImageId, repository.Name, request.Tag, digest).Write(request.StampFile);
        }

        log.Info($"Pushed {pushed.Reference} ({Layers(result.LayersUploaded)} uploaded, {Layers(result.LayersPresent)} already in the registry).");
        return pushed;
    }

    // The stream's aux digest is the registry's answer; the engine's RepoDigests confirm it belongs to this image.
    private static async Task<string> ConfirmDigestAsync(ContainerEngine engine, PushRequest request, ImagePushResult result, CancellationToken ct)
    {
        var repository = request.Repository;
        var image = await engine.InspectImageAsync(request.ImageId, ct).ConfigureAwait(false);
        var recorded = (image?.RepoDigests ?? [])
            .Where(entry => entry.StartsWith(repository.Name + "@", StringComparison.Ordinal))
            .Select(entry => entry[(repository.Name.Length + 1)..])
            .ToArray();
        if (result.Digest is { } digest && recorded.Contains(digest))
        {
            return digest;
        }

        if (result.Digest is null && recorded.Length == 1)
        {
            return recorded[0];
        }

        var said = result.Digest is null ? "the engine's push stream named no digest" : $"the push stream named {result.Digest}";
        var has = recorded.Length == 0 ? "none for this repository" : string.Join(", ", recorded);
        throw new CalibanException(ErrorCodes.PushDigestMissing,
            $"Pushed {repository.Name}:{request.Tag}, but cannot confirm its digest: {said}, and the image's RepoDigests have {has}. " +
            "Push again; if it persists, check the registry with `docker buildx imagetools inspect` or `docker pull` by tag.");
    }

    private static string Layers(int count) => count == 1 ? "1 layer" : $"{count} layers";
}
