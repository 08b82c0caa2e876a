using Docker.DotNet;

namespace Caliban.Core.Engine;

/// <summary>A two-way attachment to a container: its output (raw with a terminal, else stdout and stderr apart) and its stdin.</summary>
public sealed class ContainerConnection : IDisposable
{
    private readonly DockerEndpoint endpoint;
    private readonly string containerId;
    private readonly MultiplexedStream stream;

    internal ContainerConnection(DockerEndpoint endpoint, string containerId, MultiplexedStream stream)
    {
        this.endpoint = endpoint;
        this.containerId = containerId;
        this.stream = stream;
    }

    /// <summary>
    /// Reads the next piece of output into <paramref name="buffer"/>: its length (0 at the end of the output) and
    /// whether it came from stderr. Cancelling closes the connection.
    /// </summary>
    public async Task<(int Count, bool IsError)> ReadAsync(byte[] buffer, CancellationToken ct)
    {
        using var hangUp = ct.Register(stream.Dispose);
        try
        {
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
            return read.EOF ? (0, false) : (read.Count, read.Target == MultiplexedStream.TargetStream.StandardError);
        }
        catch (Exception e) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException($"Stopped reading the output of container {ContainerFailure.Short(containerId)}.", e, ct);
        }
        catch (Exception e) when (e is ObjectDisposedException || EngineFailure.IsEngineFailure(e))
        {
            throw EngineFailure.RequestFailed(endpoint, $"reading the output of container {ContainerFailure.Short(containerId)}", e);
        }
    }

    /// <summary>Sends bytes to the container's stdin.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        try
        {
            var array = bytes.ToArray();
            await stream.WriteAsync(array, 0, array.Length, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is ObjectDisposedException || EngineFailure.IsEngineFailure(e)))
        {
            throw EngineFailure.RequestFailed(endpoint, $"writing to container {ContainerFailure.Short(containerId)}", e);
        }
    }

    /// <summary>Ends the container's stdin (its program reads end of file).</summary>
    public void CloseInput() => stream.CloseWrite();

    public void Dispose() => stream.Dispose();
}
