using Caliban.Core.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Engine;

/// <summary>A connection to a Docker engine: image inspection, tagging, runtimes and image builds.</summary>
public sealed partial class ContainerEngine : IDisposable
{
    /// <summary>How long <see cref="ConnectAsync"/> waits for the engine's answer unless told otherwise.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly DockerClient client;
    private readonly ICalibanLog log;

    private ContainerEngine(DockerClient client, DockerEndpoint endpoint, ICalibanLog log)
    {
        this.client = client;
        this.log = log;
        Endpoint = endpoint;
    }

    public DockerEndpoint Endpoint { get; }

    /// <summary>
    /// Connects to <paramref name="endpoint"/> (default: <see cref="DockerEndpoint.Resolve"/>) and checks that the
    /// engine answers within <paramref name="timeout"/> (default 5 s); throws CAL3001 when it does not.
    /// </summary>
    public static async Task<ContainerEngine> ConnectAsync(
        ICalibanLog log, CancellationToken ct, DockerEndpoint? endpoint = null, TimeSpan? timeout = null)
    {
        endpoint ??= DockerEndpoint.Resolve();
        var deadline = timeout ?? DefaultConnectTimeout;
        // The deadline covers creating the client too: the first one in a process pays for loading the transports.
        using var ping = CancellationTokenSource.CreateLinkedTokenSource(ct);
        ping.CancelAfter(deadline);
        DockerClient client;
        try
        {
            client = new DockerClientBuilder().WithEndpoint(endpoint.Uri).Build();
        }
        catch (Exception e) when (EngineFailure.IsUnsupportedAddress(e))
        {
            throw EngineFailure.UnsupportedAddress(endpoint, e);
        }

        try
        {
            // WaitAsync keeps the deadline even if a transport ignores cancellation while connecting.
            await client.System.PingAsync(ping.Token).WaitAsync(ping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (EngineFailure.IsUnsupportedAddress(e))
        {
            client.Dispose();
            throw EngineFailure.UnsupportedAddress(endpoint, e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && EngineFailure.IsEngineFailure(e))
        {
            client.Dispose();
            throw EngineFailure.Unreachable(endpoint, e, deadline);
        }
        catch
        {
            client.Dispose();
            throw;
        }

        log.Detail($"Docker engine at {endpoint.Uri} (from {endpoint.Source}) answered.");
        return new ContainerEngine(client, endpoint, log);
    }

    /// <summary>The image with this name or id, or null when the engine has none.</summary>
    public Task<ImageDetails?> InspectImageAsync(string nameOrId, CancellationToken ct) =>
        RequestAsync($"inspecting image '{nameOrId}'", async () =>
        {
            try
            {
                var image = await client.Images.InspectImageAsync(nameOrId, ct).ConfigureAwait(false);
                return (ImageDetails?)new ImageDetails(
                    image.ID,
                    [.. image.RepoTags ?? []],
                    [.. image.RepoDigests ?? []],
                    new Dictionary<string, string>(image.Config?.Labels ?? new Dictionary<string, string>()),
                    image.Created?.ToUniversalTime() ?? DateTime.MinValue);
            }
            catch (DockerImageNotFoundException)
            {
                return null;
            }
        }, ct);

    /// <summary>Gives an image the name repository:tag, moving the tag if another image had it.</summary>
    public Task TagImageAsync(string imageId, string repository, string tag, CancellationToken ct) =>
        RequestAsync($"tagging image '{imageId}' as {repository}:{tag}", async () =>
        {
            try
            {
                await client.Images.TagImageAsync(imageId, new ImageTagParameters { RepositoryName = repository, Tag = tag }, ct).ConfigureAwait(false);
                return true;
            }
            catch (DockerImageNotFoundException)
            {
                throw new CalibanException(ErrorCodes.ImageNotFound,
                    $"Cannot tag image '{imageId}' as {repository}:{tag}: the engine at {Endpoint.Uri} has no such image. " +
                    "Build the image first (`dotnet build`) or check the id with `docker images`.");
            }
        }, ct);

    /// <summary>Whether the engine offers the container runtime <paramref name="runtimeName"/> (e.g. "nvidia").</summary>
    public Task<bool> HasRuntimeAsync(string runtimeName, CancellationToken ct) =>
        RequestAsync("reading the engine's runtimes", async () =>
        {
            var info = await client.System.GetSystemInfoAsync(ct).ConfigureAwait(false);
            return info.Runtimes?.ContainsKey(runtimeName) == true;
        }, ct);

    /// <summary>
    /// Builds an image from a tar build context with the classic builder, reporting steps and output to
    /// <paramref name="observer"/> as they happen, and checks the first tag names the built image.
    /// </summary>
    public async Task<ImageBuildResult> BuildImageAsync(
        Stream tarContext, ImageBuildRequest request, IImageBuildObserver observer, CancellationToken ct)
    {
        var progress = new BuildProgressMonitor(observer);
        log.Detail($"Building {request.DockerfileForMessages} with the engine at {Endpoint.Uri}.");
        try
        {
            await client.Images.BuildImageFromDockerfileAsync(ToParameters(request), tarContext, null, null, progress, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Hanging up is how a classic build is stopped: the engine kills the running step when the client goes.
            throw;
        }
        catch (Exception e) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("The image build was cancelled.", e, ct);
        }
        catch (DockerApiException e)
        {
            throw new CalibanException(ErrorCodes.ImageBuildRejected,
                $"The Docker engine rejected the build of {request.DockerfileForMessages}: {EngineFailure.MessageOf(e)}. " +
                $"Fix {request.DockerfileForMessages} or the build setting the message names, then build again.",
                request.DockerfileDisplayPath, e);
        }
        catch (Exception e) when (EngineFailure.IsEngineFailure(e))
        {
            throw EngineFailure.RequestFailed(Endpoint, $"building {request.DockerfileForMessages}", e);
        }

        progress.Complete();
        if (progress.Error is not null)
        {
            throw BuildFailure.Describe(progress, request);
        }

        var image = await ConfirmBuiltImageAsync(request, progress, ct).ConfigureAwait(false);
        return new ImageBuildResult(image.Id, progress.Step, progress.CachedSteps);
    }

    public void Dispose() => client.Dispose();

    private static ImageBuildParameters ToParameters(ImageBuildRequest request) => new()
    {
        Dockerfile = request.Dockerfile,
        Tags = [.. request.Tags],
        Labels = request.Labels.ToDictionary(),
        BuildArgs = request.BuildArgs.ToDictionary(),
        NoCache = request.NoCache,
        Platform = request.Platform,
        Pull = request.PullBaseImage ? "1" : null,
        Remove = true,
        // Intermediate containers of a failed step are of no use to anyone; don't leave them behind.
        ForceRemove = true,
    };

    // The stream can end "successfully" without an image (e.g. a daemon restart); only the engine's image list is proof.
    private async Task<ImageDetails> ConfirmBuiltImageAsync(ImageBuildRequest request, BuildProgressMonitor progress, CancellationToken ct)
    {
        var name = request.Tags.FirstOrDefault() ?? progress.ImageId;
        var image = name is null ? null : await InspectImageAsync(name, ct).ConfigureAwait(false);
        if (image is not null && (progress.ImageId is null || progress.ImageId == image.Id))
        {
            return image;
        }

        var found = image is null ? "no such image exists" : $"'{name}' names {image.Id} instead of the built {progress.ImageId}";
        throw new CalibanException(ErrorCodes.ImageBuildNoImage,
            $"The engine finished building {request.DockerfileForMessages} without error, but {found}. " +
            "Build again; if it persists, check the engine's disk space (`docker system df`) and log.",
            request.DockerfileDisplayPath);
    }

    private async Task<T> RequestAsync<T>(string action, Func<Task<T>> request, CancellationToken ct)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not CalibanException && EngineFailure.IsEngineFailure(e))
        {
            throw EngineFailure.RequestFailed(Endpoint, action, e);
        }
    }
}
