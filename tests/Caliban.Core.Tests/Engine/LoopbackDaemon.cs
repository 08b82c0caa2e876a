using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Caliban.Core.Tests.Engine;

/// <summary>
/// A loopback TCP server standing in for a misbehaving Docker engine. It reads each request's head and lets the
/// test decide how to answer: a canned HTTP response, silence, or dropping the connection part-way.
/// </summary>
internal sealed class LoopbackDaemon : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> connections = [];
    private readonly Task accepting;
    private readonly Func<string, NetworkStream, Task> answer;

    /// <param name="answer">Called with the request line ("GET /_ping HTTP/1.1") and the connection's stream.</param>
    public LoopbackDaemon(Func<string, NetworkStream, Task> answer)
    {
        this.answer = answer;
        listener.Start();
        accepting = AcceptAsync();
    }

    public Uri Uri => new($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    /// <summary>Answers /_ping with OK and every other request with <paramref name="status"/> and a JSON message.</summary>
    public static LoopbackDaemon AnsweringPingThen(int status, string message) => new(async (request, stream) =>
    {
        if (request.Contains("/_ping", StringComparison.Ordinal))
        {
            await WriteResponseAsync(stream, 200, "text/plain", "OK");
        }
        else
        {
            await WriteResponseAsync(stream, status, "application/json", $$"""{"message":"{{message}}"}""");
        }
    });

    /// <summary>A port nobody listens on (bound, then released).</summary>
    public static Uri ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return new Uri($"tcp://127.0.0.1:{port}");
    }

    public static async Task WriteResponseAsync(NetworkStream stream, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} Status\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        lock (connections)
        {
            connections.ForEach(c => c.Dispose());
        }

        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var connection = await listener.AcceptTcpClientAsync(stop.Token);
            lock (connections)
            {
                connections.Add(connection);
            }

            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(TcpClient connection)
    {
        try
        {
            // One request per connection (every response says "Connection: close"), so an unread request body
            // can never be mistaken for the next request.
            var stream = connection.GetStream();
            if (await ReadRequestHeadAsync(stream) is { } requestLine)
            {
                await answer(requestLine, stream);
                connection.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The client went away, or the test dropped the connection on purpose.
        }
    }

    // Reads up to the blank line ending the head; a request body (a build context) is left unread on purpose.
    private static async Task<string?> ReadRequestHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        return head.ToString().Split("\r\n")[0];
    }
}
