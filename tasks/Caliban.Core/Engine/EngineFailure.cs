using System.Net.Sockets;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using Docker.DotNet;

namespace Caliban.Core.Engine;

/// <summary>Words the engine's failures for people: what went wrong with which endpoint, and how to fix it.</summary>
internal static class EngineFailure
{
    private const string HowToStartAnEngine =
        "Start a Docker engine: open Docker Desktop, or run `sudo systemctl start docker`, or on machines without systemd " +
        "`sudo dockerd > /tmp/dockerd.log 2>&1 &`; or point DOCKER_HOST at a running engine.";

    public static CalibanException Unreachable(DockerEndpoint endpoint, Exception? error, TimeSpan timeout)
    {
        var reason = error is null or OperationCanceledException or TimeoutException
            ? $"no answer within {timeout.TotalSeconds:0.#} s"
            : ReasonFor(endpoint, error);
        return new CalibanException(ErrorCodes.EngineUnreachable,
            $"Cannot reach the Docker engine at {endpoint.Uri} (from {endpoint.Source}): {reason}. {HowToStartAnEngine}", inner: error);
    }

    /// <summary>The API client cannot speak to this kind of address at all (ssh://, npipe:// off Windows, unknown schemes).</summary>
    public static bool IsUnsupportedAddress(Exception error) =>
        error is NotSupportedException or SshDockerEndpointNotSupportedException or DockerConfigurationException or UriFormatException;

    public static CalibanException UnsupportedAddress(DockerEndpoint endpoint, Exception error) => new(
        ErrorCodes.DockerHostUnsupported,
        $"Cannot use the Docker engine address {endpoint.Uri} (from {endpoint.Source}): {error.Message} " +
        "Use a unix:// socket, a tcp://host:port address or, on Windows, an npipe:// pipe (set DOCKER_HOST or pick another docker context).",
        inner: error);

    public static CalibanException RequestFailed(DockerEndpoint endpoint, string action, Exception error) => new(
        ErrorCodes.EngineRequestFailed,
        $"The Docker engine at {endpoint.Uri} (from {endpoint.Source}) failed while {action}: {ReasonFor(endpoint, error)}. " +
        "Check that it still runs (`docker info`) and read its log, then try again.",
        inner: error);

    /// <summary>Whether an exception is the engine or the connection failing (rather than a bug of ours).</summary>
    public static bool IsEngineFailure(Exception error) =>
        error is DockerApiException or HttpRequestException or IOException or SocketException or TimeoutException
            or JsonException or OperationCanceledException
        || (error is AggregateException aggregate && aggregate.InnerExceptions.All(IsEngineFailure));

    /// <summary>The engine's own words from an error response body ({"message": "…"}), else the body itself.</summary>
    public static string MessageOf(DockerApiException error)
    {
        var body = error.ResponseBody?.Trim() ?? "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.GetString() is { Length: > 0 } text)
            {
                return text.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }

        return body.Length > 0 ? body : $"HTTP {(int)error.StatusCode} without a message";
    }

    private static string ReasonFor(DockerEndpoint endpoint, Exception error)
    {
        if (error is DockerApiException api)
        {
            return $"HTTP {(int)api.StatusCode} {MessageOf(api)}";
        }

        if (endpoint.Uri.Scheme == "unix" && !File.Exists(endpoint.Uri.LocalPath))
        {
            return $"there is no socket at {endpoint.Uri.LocalPath}";
        }

        if (Innermost<SocketException>(error) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.AccessDenied => "permission denied (add your user to the docker group: `sudo usermod -aG docker $USER`, then log in again)",
                SocketError.HostNotFound or SocketError.NoData => $"host {endpoint.Uri.Host} not found",
                SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => "the connection was dropped",
                _ => socket.Message,
            };
        }

        if (Innermost<IOException>(error) is { } io)
        {
            return $"the connection was dropped ({io.Message})";
        }

        var innermost = error;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message;
    }

    private static T? Innermost<T>(Exception error) where T : Exception
    {
        T? found = null;
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                found = match;
            }
        }

        return found;
    }
}
