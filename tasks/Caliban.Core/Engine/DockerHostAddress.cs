using Caliban.Core.Diagnostics;

namespace Caliban.Core.Engine;

/// <summary>Turns a docker host string (DOCKER_HOST syntax) into an endpoint the API client understands.</summary>
internal static class DockerHostAddress
{
    private const int PlainTcpPort = 2375;

    /// <param name="value">unix:///path, tcp://host[:port], host:port, npipe:////./pipe/name.</param>
    /// <param name="source">Where the value came from, for the endpoint and for messages.</param>
    /// <param name="usesTls">Whether the source asks for TLS (DOCKER_TLS_VERIFY or a context with certificates).</param>
    /// <param name="fix">What the user should change when the value is unusable.</param>
    public static DockerEndpoint Parse(string value, string source, bool usesTls, string fix)
    {
        var address = value.Trim();
        var separator = address.IndexOf("://", StringComparison.Ordinal);
        // Like the CLI, a bare host:port means TCP.
        var scheme = separator < 0 ? "tcp" : address[..separator].ToLowerInvariant();
        var rest = separator < 0 ? address : address[(separator + 3)..];

        return scheme switch
        {
            "unix" when rest.StartsWith('/') => new DockerEndpoint(new Uri("unix://" + rest), source),
            "npipe" when rest.TrimStart('/').Length > 0 => new DockerEndpoint(new Uri("npipe://" + rest.TrimStart('/')), source),
            "tcp" or "http" when usesTls => throw TlsUnsupported(value, source),
            "tcp" or "http" => new DockerEndpoint(Tcp(rest, value, source, fix), source),
            "https" => throw TlsUnsupported(value, source),
            "ssh" => throw new CalibanException(ErrorCodes.DockerHostUnsupported,
                $"{source} names the engine '{value}', but ssh:// engines are not supported by Caliban's Docker API client. " +
                "Forward the remote socket instead: `ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock user@host` and set DOCKER_HOST=unix:///tmp/docker.sock."),
            _ => throw Invalid(value, source, fix),
        };
    }

    private static Uri Tcp(string rest, string value, string source, string fix)
    {
        if (!Uri.TryCreate("tcp://" + rest, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            throw Invalid(value, source, fix);
        }

        // Without a port the scheme "tcp" reports -1; the CLI then uses the plain-HTTP engine port.
        var port = parsed.Port < 0 ? PlainTcpPort : parsed.Port;
        return new UriBuilder("tcp", parsed.Host, port).Uri;
    }

    private static CalibanException Invalid(string value, string source, string fix) => new(ErrorCodes.DockerHostUnsupported,
        $"{source} names the engine '{value}', which is not a Docker host address Caliban understands (unix://, tcp://, npipe://). To fix it, {fix}.");

    private static CalibanException TlsUnsupported(string value, string source) => new(ErrorCodes.DockerTlsUnsupported,
        $"{source} reaches the engine at '{value}' over TLS, which Caliban does not support yet. " +
        "Use the local socket (unset DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CONTEXT) or forward the remote socket over ssh " +
        "(`ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock user@host`, then DOCKER_HOST=unix:///tmp/docker.sock).");
}
