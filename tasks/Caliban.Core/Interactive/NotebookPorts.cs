using System.Net;
using System.Net.Sockets;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Interactive;

/// <summary>Host ports for notebooks: is one free on 127.0.0.1, and which is the first free one from 8888.</summary>
public static class NotebookPorts
{
    /// <summary>How many ports the search tries, as Caliban does (8888–9887).</summary>
    public const int SearchLength = 1000;

    /// <summary>Whether a listener could bind 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Free ports from <paramref name="first"/> upward, in order, at most <see cref="SearchLength"/> tried.</summary>
    public static IEnumerable<int> FreeFrom(int first = NotebookOptions.FirstPort)
    {
        for (var port = first; port < first + SearchLength && port <= IPEndPoint.MaxPort; port++)
        {
            if (IsFree(port))
            {
                yield return port;
            }
        }
    }

    /// <summary>The first free port from <paramref name="first"/>; CAL3402 when none of the next 1000 is.</summary>
    public static int FirstFree(int first = NotebookOptions.FirstPort) =>
        FreeFrom(first).Cast<int?>().FirstOrDefault() ?? throw NoFreePort(first);

    internal static CalibanException NoFreePort(int first) => new(ErrorCodes.NotebookNoFreePort,
        $"No free port on 127.0.0.1 from {first} to {Math.Min(first + SearchLength - 1, IPEndPoint.MaxPort)} for the notebook. " +
        "Stop other notebooks or servers, or pass --port with a free port.");

    internal static CalibanException Taken(int port) => new(ErrorCodes.NotebookPortTaken,
        $"Port {port} on 127.0.0.1, given with --port, is already in use. Pass another --port, or leave it out to use the first free " +
        $"port from {NotebookOptions.FirstPort}.");

    internal static void Validate(int port)
    {
        if (port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new CalibanException(ErrorCodes.NotebookPortInvalid,
                $"--port {port} is not a TCP port. Pass a number from 1 to 65535 (Jupyter's usual is {NotebookOptions.FirstPort}), or leave it out.");
        }
    }
}
