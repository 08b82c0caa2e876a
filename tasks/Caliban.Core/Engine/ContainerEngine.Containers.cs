using System.Net;
using Caliban.Core.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Engine;

/// <summary>Containers: create, attach to output, start, wait, stop, remove, list and inspect.</summary>
public sealed partial class ContainerEngine
{
    /// <summary>
    /// How long a short request (create, start, stop beyond its grace, remove, inspect, list) may take before it
    /// counts as the engine failing: a frozen engine must not hang a run or its clean-up.
    /// </summary>
    public static readonly TimeSpan ContainerRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Creates (does not start) a container and returns its id. Throws CAL3201 when the image is missing, CAL3204 when the engine refuses the settings.</summary>
    public Task<string> CreateContainerAsync(ContainerSpec spec, CancellationToken ct) => CreateAsync(spec, ToParameters(spec), ct);

    /// <summary>Creates a container from <paramref name="parameters"/>, made from <paramref name="spec"/> (which names it in errors).</summary>
    private Task<string> CreateAsync(ContainerSpec spec, CreateContainerParameters parameters, CancellationToken ct) =>
        BoundedAsync($"creating a container from image '{spec.Image}'", async token =>
        {
            try
            {
                var created = await client.Containers.CreateContainerAsync(parameters, token).ConfigureAwait(false);
                return created.ID;
            }
            catch (DockerImageNotFoundException)
            {
                throw ContainerFailure.ImageMissing(Endpoint, spec.Image);
            }
            catch (DockerApiException e) when (IsRefusal(e))
            {
                var container = spec.Name is null ? "a container" : $"container {spec.Name}";
                throw ContainerFailure.Refused(Endpoint, $"to create {container} from image '{spec.Image}'", e);
            }
        }, ct);

    /// <summary>Starts a created container. Throws CAL3204 when the engine cannot start it (e.g. a mount that does not fit).</summary>
    public Task StartContainerAsync(string containerId, CancellationToken ct) =>
        BoundedAsync($"starting container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                return await client.Containers.StartContainerAsync(containerId, null, token).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException e)
            {
                throw ContainerFailure.Vanished(Endpoint, containerId, "starting it", e);
            }
            catch (DockerApiException e) when (IsRefusal(e))
            {
                throw ContainerFailure.Refused(Endpoint, $"to start container {ContainerFailure.Short(containerId)}", e);
            }
        }, ct);

    /// <summary>
    /// Attaches to a created container's stdout and stderr. Attach before <see cref="StartContainerAsync"/> so no
    /// output is missed: following the engine's logs instead loses a last line without newline now and then.
    /// </summary>
    public Task<ContainerOutput> AttachOutputAsync(string containerId, CancellationToken ct) =>
        BoundedAsync($"attaching to container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                var stream = await client.Containers.AttachContainerAsync(
                    containerId, new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, token).ConfigureAwait(false);
                return new ContainerOutput(Endpoint, containerId, stream);
            }
            catch (DockerContainerNotFoundException e)
            {
                throw ContainerFailure.Vanished(Endpoint, containerId, "attaching to its output", e);
            }
        }, ct);

    /// <summary>Waits until the container stops and returns its exit code. Not bounded in time: it lasts as long as the container runs.</summary>
    public async Task<int> WaitForExitAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var response = await client.Containers.WaitContainerAsync(containerId, ct).ConfigureAwait(false);
            return (int)response.StatusCode;
        }
        catch (DockerContainerNotFoundException e)
        {
            throw ContainerFailure.Vanished(Endpoint, containerId, "waiting for it to finish", e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not CalibanException && EngineFailure.IsEngineFailure(e))
        {
            throw EngineFailure.RequestFailed(Endpoint, $"waiting for container {ContainerFailure.Short(containerId)} to finish", e);
        }
    }

    /// <summary>
    /// Asks the container's program to stop (SIGTERM), and kills it after <paramref name="grace"/>. A container that
    /// is missing or already stopped is fine.
    /// </summary>
    public Task StopContainerAsync(string containerId, TimeSpan grace, CancellationToken ct) =>
        BoundedAsync($"stopping container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                var seconds = (uint)Math.Ceiling(Math.Max(0, grace.TotalSeconds));
                return await client.Containers.StopContainerAsync(containerId, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, token)
                    .ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
                return false;
            }
        }, ct, extraTime: grace);

    /// <summary>Removes a container, killing it first if it runs, with its anonymous volumes. A missing container is fine.</summary>
    public Task RemoveContainerAsync(string containerId, CancellationToken ct) =>
        BoundedAsync($"removing container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                await client.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, token)
                    .ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
                // Already gone: that is what was asked.
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict && EngineFailure.MessageOf(e).Contains("already in progress", StringComparison.OrdinalIgnoreCase))
            {
                // Someone else is removing it right now.
            }

            return true;
        }, ct);

    /// <summary>Every container (running or not) carrying all of <paramref name="labels"/>.</summary>
    public Task<IReadOnlyList<ContainerStatus>> ListContainersAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        BoundedAsync("listing containers", async token =>
        {
            var filter = labels.ToDictionary(label => $"{label.Key}={label.Value}", _ => true);
            var containers = await client.Containers.ListContainersAsync(new ContainersListParameters
            {
                All = true,
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = filter },
            }, token).ConfigureAwait(false);
            return (IReadOnlyList<ContainerStatus>)[.. containers.Select(c => new ContainerStatus(
                c.ID,
                c.Names?.FirstOrDefault()?.TrimStart('/') ?? "",
                c.State ?? "",
                null,
                new Dictionary<string, string>(c.Labels ?? new Dictionary<string, string>())))];
        }, ct);

    /// <summary>The container's state and, once it exited, its exit code; null when the engine has no such container.</summary>
    public Task<ContainerStatus?> InspectContainerAsync(string containerId, CancellationToken ct) =>
        BoundedAsync($"inspecting container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                var container = await client.Containers.InspectContainerAsync(containerId, token).ConfigureAwait(false);
                var state = container.State?.Status ?? "";
                return (ContainerStatus?)new ContainerStatus(
                    container.ID,
                    container.Name?.TrimStart('/') ?? "",
                    state,
                    state is "exited" or "dead" ? (int?)container.State!.ExitCode : null,
                    new Dictionary<string, string>(container.Config?.Labels ?? new Dictionary<string, string>()));
            }
            catch (DockerContainerNotFoundException)
            {
                return null;
            }
        }, ct);

    // The library's models are not null-annotated; null means "unset, use the image's or engine's default".
    private static CreateContainerParameters ToParameters(ContainerSpec spec) => new()
    {
        Image = spec.Image,
        Name = spec.Name!,
        Cmd = [.. spec.Arguments],
        Env = [.. spec.Environment.Select(variable => $"{variable.Key}={variable.Value}")],
        Labels = spec.Labels.ToDictionary(),
        WorkingDir = spec.WorkingDirectory!,
        User = spec.User!,
        AttachStdout = true,
        AttachStderr = true,
        Tty = false,
        HostConfig = new HostConfig
        {
            // Mounts (not Binds): a missing source is an error instead of a new root-owned directory on the host.
            Mounts = [.. spec.Mounts.Select(mount => new Mount { Type = "bind", Source = mount.Source, Target = mount.Target, ReadOnly = mount.ReadOnly })],
            DeviceRequests = spec.AllGpus ? [AllGpus()] : null!,
            IpcMode = spec.HostIpc ? "host" : null!,
            Init = spec.Init ? true : null,
            // Removal is ours, after the exit code and output were read: AutoRemove races with both.
            AutoRemove = false,
        },
    };

    /// <summary>The device request <c>docker run --gpus all</c> sends.</summary>
    private static DeviceRequest AllGpus() => new() { Driver = "nvidia", Count = -1, Capabilities = [["gpu"]] };

    // 4xx other than 404 and 5xx: the engine understood the request and said no (bad mount, name in use, OCI runtime error).
    private static bool IsRefusal(DockerApiException error) =>
        error.StatusCode is not HttpStatusCode.NotFound && (int)error.StatusCode >= 400;

    private async Task<T> BoundedAsync<T>(string action, Func<CancellationToken, Task<T>> request, CancellationToken ct, TimeSpan extraTime = default)
    {
        var limit = ContainerRequestTimeout + extraTime;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        try
        {
            // WaitAsync keeps the deadline even if a transport ignores cancellation.
            return await request(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw EngineFailure.RequestFailed(Endpoint, action, new TimeoutException($"no answer within {limit.TotalSeconds:0.#} s"));
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is not CalibanException && EngineFailure.IsEngineFailure(e))
        {
            throw EngineFailure.RequestFailed(Endpoint, action, e);
        }
    }

    private async Task BoundedAsync(string action, Func<CancellationToken, Task<bool>> request, CancellationToken ct, TimeSpan extraTime = default) =>
        await BoundedAsync<bool>(action, request, ct, extraTime).ConfigureAwait(false);
}
