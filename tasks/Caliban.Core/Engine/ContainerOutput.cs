using Docker.DotNet;

namespace Caliban.Core.Engine;

/// <summary>A container's attached stdout and stderr, read as lines until the container's program ends.</summary>
public sealed class ContainerOutput : IDisposable
{
    private readonly DockerEndpoint endpoint;
    private readonly string containerId;
    private readonly MultiplexedStream stream;

    internal ContainerOutput(DockerEndpoint endpoint, string containerId, MultiplexedStream stream)
    {
        this.endpoint = endpoint;
        this.containerId = containerId;
        this.stream = stream;
    }

    /// <summary>
    /// Calls <paramref name="onLine"/> for every stdout and stderr line, synchronously and in order, until the
    /// program's streams close; the last line is delivered even without a newline. Not bounded in time: it lasts as
    /// long as the program runs. Cancelling throws <see cref="OperationCanceledException"/> (the container keeps running).
    /// </summary>
    public async Task ReadLinesAsync(Action<string> onLine, CancellationToken ct)
    {
        var lines = new ContainerOutputLines();
        var buffer = new byte[16 * 1024];
        // A read waiting for output may not notice cancellation; closing the stream ends it.
        using var hangUp = ct.Register(stream.Dispose);
        while (true)
        {
            var read = await ReadAsync(buffer, lines, onLine, ct).ConfigureAwait(false);
            if (read.EOF)
            {
                break;
            }

            // Outside the engine's error handling: a failing callback is the caller's failure, not the engine's.
            Deliver(lines.Append(read.Target, buffer.AsSpan(0, read.Count)), onLine);
        }

        Deliver(lines.Flush(), onLine);
    }

    public void Dispose() => stream.Dispose();

    // On failure the unfinished last lines are handed over first: they are output too.
    private async Task<MultiplexedStream.ReadResult> ReadAsync(byte[] buffer, ContainerOutputLines lines, Action<string> onLine, CancellationToken ct)
    {
        try
        {
            return await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (ct.IsCancellationRequested)
        {
            Deliver(lines.Flush(), onLine);
            throw new OperationCanceledException($"Stopped reading the output of container {ContainerFailure.Short(containerId)}.", e, ct);
        }
        catch (Exception e) when (e is ObjectDisposedException || EngineFailure.IsEngineFailure(e))
        {
            Deliver(lines.Flush(), onLine);
            throw EngineFailure.RequestFailed(endpoint, $"reading the output of container {ContainerFailure.Short(containerId)}", e);
        }
    }

    private static void Deliver(IReadOnlyList<string> lines, Action<string> onLine)
    {
        foreach (var line in lines)
        {
            onLine(line);
        }
    }
}
