namespace Caliban.Core.Engine;

/// <summary>A Docker engine address and where it was found (DOCKER_HOST, a docker context, the default socket).</summary>
/// <param name="Uri">unix://, tcp:// or npipe:// address of the engine API.</param>
/// <param name="Source">Where the address came from, for messages: "DOCKER_HOST", "docker context 'x'", "default socket".</param>
public sealed record DockerEndpoint(Uri Uri, string Source)
{
    public const string DefaultSocketSource = "default socket";

    /// <summary>
    /// Finds the engine the way the docker CLI does: DOCKER_HOST; else the context named by DOCKER_CONTEXT or by
    /// <c>currentContext</c> in the CLI's config.json; else the platform's default socket.
    /// </summary>
    /// <param name="environment">Variables to read instead of the process environment (tests).</param>
    /// <param name="homeDirectory">Home directory holding <c>.docker/</c> when DOCKER_CONFIG is unset.</param>
    public static DockerEndpoint Resolve(IReadOnlyDictionary<string, string?>? environment = null, string? homeDirectory = null)
    {
        Func<string, string?> read = environment is null
            ? Environment.GetEnvironmentVariable
            : name => environment.GetValueOrDefault(name);
        return new DockerEndpointResolver(read, homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile))
            .Resolve();
    }

    /// <summary>The platform's default engine socket: /var/run/docker.sock, or the docker_engine pipe on Windows.</summary>
    public static DockerEndpoint PlatformDefault { get; } = new(
        new Uri(OperatingSystem.IsWindows() ? "npipe://./pipe/docker_engine" : "unix:///var/run/docker.sock"),
        DefaultSocketSource);

    public override string ToString() => $"{Uri} ({Source})";
}
