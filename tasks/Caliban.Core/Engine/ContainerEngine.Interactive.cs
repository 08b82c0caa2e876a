using Docker.DotNet;
using Docker.DotNet.Models;

namespace Caliban.Core.Engine;

/// <summary>Interactive containers: create with a terminal and published ports, attach both ways, resize the terminal.</summary>
public sealed partial class ContainerEngine
{
    /// <summary>Creates (does not start) an interactive container. Throws CAL3201 when the image is missing, CAL3204 when the engine refuses.</summary>
    public Task<string> CreateInteractiveContainerAsync(InteractiveContainerSpec spec, CancellationToken ct) =>
        CreateAsync(spec.Container, ToParameters(spec), ct);

    /// <summary>
    /// Attaches to a created container's stdin, stdout and stderr (<see cref="AttachOutputAsync"/> is the read-only
    /// attach). Attach before starting it so no output is missed.
    /// </summary>
    public Task<ContainerConnection> AttachInteractiveAsync(string containerId, CancellationToken ct) =>
        BoundedAsync($"attaching to container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                var stream = await client.Containers.AttachContainerAsync(
                    containerId, new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true }, token).ConfigureAwait(false);
                return new ContainerConnection(Endpoint, containerId, stream);
            }
            catch (DockerContainerNotFoundException e)
            {
                throw ContainerFailure.Vanished(Endpoint, containerId, "attaching to it", e);
            }
        }, ct);

    /// <summary>Tells a running container's terminal its new size. A container that is gone or has no terminal is fine.</summary>
    public Task ResizeTerminalAsync(string containerId, TerminalSize size, CancellationToken ct) =>
        BoundedAsync($"resizing the terminal of container {ContainerFailure.Short(containerId)}", async token =>
        {
            try
            {
                await client.Containers.ResizeContainerTtyAsync(
                    containerId, new ContainerResizeParameters { Height = (long)size.Rows, Width = (long)size.Columns }, token).ConfigureAwait(false);
            }
            catch (DockerContainerNotFoundException)
            {
                // Ended meanwhile: nothing left to resize.
            }
            catch (DockerApiException e) when (IsRefusal(e))
            {
                // Not running (yet or any more): the next resize or the start size applies.
            }

            return true;
        }, ct);

    private static CreateContainerParameters ToParameters(InteractiveContainerSpec spec)
    {
        var parameters = ToParameters(spec.Container);
        parameters.Entrypoint = [.. spec.EntryPoint];
        parameters.Tty = spec.Terminal;
        parameters.OpenStdin = spec.OpenStdin;
        parameters.StdinOnce = spec.OpenStdin;
        parameters.AttachStdin = spec.OpenStdin;
        if (spec.TerminalSize is { } size)
        {
            parameters.HostConfig!.ConsoleSize = new ConsoleSize { Height = (ulong)size.Rows, Width = (ulong)size.Columns };
        }

        if (spec.Ports.Count > 0)
        {
            parameters.ExposedPorts = spec.Ports.ToDictionary(port => $"{port.ContainerPort}/tcp", _ => new EmptyStruct());
            parameters.HostConfig!.PortBindings = spec.Ports
                .GroupBy(port => $"{port.ContainerPort}/tcp")
                .ToDictionary(
                    group => group.Key,
                    group => (IList<PortBinding>)[.. group.Select(port => new PortBinding { HostIP = port.HostAddress, HostPort = port.HostPort.ToString(System.Globalization.CultureInfo.InvariantCulture) })]);
        }

        return parameters;
    }
}
