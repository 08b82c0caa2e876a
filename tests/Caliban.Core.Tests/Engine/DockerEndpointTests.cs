using System.Security.Cryptography;
using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;

namespace Caliban.Core.Tests.Engine;

public sealed class DockerEndpointTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("caliban-endpoint-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public void Without_anything_configured_the_default_socket_is_used()
    {
        var endpoint = Resolve();

        Assert.Equal(new Uri("unix:///var/run/docker.sock"), endpoint.Uri);
        Assert.Equal("default socket", endpoint.Source);
    }

    [Theory]
    [InlineData("unix:///run/user/1000/docker.sock", "unix:///run/user/1000/docker.sock")]
    [InlineData("tcp://127.0.0.1:2375", "tcp://127.0.0.1:2375")]
    [InlineData("tcp://docker.example", "tcp://docker.example:2375")]
    [InlineData("10.0.0.5:2375", "tcp://10.0.0.5:2375")]
    [InlineData("npipe:////./pipe/docker_engine", "npipe://./pipe/docker_engine")]
    public void DOCKER_HOST_wins_over_contexts(string host, string expected)
    {
        WriteContext("remote", "tcp://10.9.9.9:2375");
        WriteConfig("""{ "currentContext": "remote" }""");

        var endpoint = Resolve(("DOCKER_HOST", host), ("DOCKER_CONTEXT", "remote"));

        Assert.Equal(new Uri(expected), endpoint.Uri);
        Assert.Equal("DOCKER_HOST", endpoint.Source);
    }

    [Fact]
    public void The_current_context_in_config_json_is_followed()
    {
        WriteContext("colima", "unix:///home/me/.colima/docker.sock");
        WriteConfig("""{ "auths": {}, "currentContext": "colima" }""");

        var endpoint = Resolve();

        Assert.Equal(new Uri("unix:///home/me/.colima/docker.sock"), endpoint.Uri);
        Assert.Equal("docker context 'colima'", endpoint.Source);
    }

    [Fact]
    public void DOCKER_CONTEXT_wins_over_config_json_and_DOCKER_CONFIG_moves_the_config_directory()
    {
        var configDirectory = Path.Combine(home, "elsewhere");
        WriteContext("ci", "tcp://build-host:2375", configDirectory);
        WriteConfig("""{ "currentContext": "missing" }""", configDirectory);

        var endpoint = Resolve(("DOCKER_CONTEXT", "ci"), ("DOCKER_CONFIG", configDirectory));

        Assert.Equal(new Uri("tcp://build-host:2375"), endpoint.Uri);
        Assert.Equal("docker context 'ci'", endpoint.Source);
    }

    [Fact]
    public void The_default_context_means_the_platform_socket()
    {
        WriteConfig("""{ "currentContext": "default" }""");

        Assert.Equal(DockerEndpoint.PlatformDefault, Resolve());
        Assert.Equal(DockerEndpoint.PlatformDefault, Resolve(("DOCKER_CONTEXT", "default")));
    }

    [Fact]
    public void An_unknown_context_from_DOCKER_CONTEXT_names_it_and_the_fix()
    {
        var error = Assert.Throws<CalibanException>(() => Resolve(("DOCKER_CONTEXT", "nope")));

        Assert.Equal(ErrorCodes.DockerContextInvalid, error.Code);
        Assert.Contains("'nope'", error.Message);
        Assert.Contains("docker context ls", error.Message);
        Assert.Contains("unset DOCKER_CONTEXT", error.Message);
    }

    [Fact]
    public void An_unknown_current_context_points_at_config_json()
    {
        WriteConfig("""{ "currentContext": "gone" }""");

        var error = Assert.Throws<CalibanException>(() => Resolve());

        Assert.Equal(ErrorCodes.DockerContextInvalid, error.Code);
        Assert.Contains("'gone'", error.Message);
        Assert.Contains(Path.Combine(home, ".docker", "config.json"), error.Message);
        Assert.Contains("docker context use", error.Message);
    }

    [Fact]
    public void Unreadable_context_metadata_is_reported_with_its_file()
    {
        var metaFile = WriteContext("broken", host: null);
        File.WriteAllText(metaFile, "{ not json");

        var error = Assert.Throws<CalibanException>(() => Resolve(("DOCKER_CONTEXT", "broken")));

        Assert.Equal(ErrorCodes.DockerContextInvalid, error.Code);
        Assert.Equal(metaFile, error.File);
        Assert.Contains("'broken'", error.Message);
    }

    [Fact]
    public void Context_metadata_without_a_docker_endpoint_is_reported()
    {
        var metaFile = WriteContext("k8s-only", host: null);

        var error = Assert.Throws<CalibanException>(() => Resolve(("DOCKER_CONTEXT", "k8s-only")));

        Assert.Equal(ErrorCodes.DockerContextInvalid, error.Code);
        Assert.Contains("Endpoints.docker.Host", error.Message);
        Assert.Equal(metaFile, error.File);
    }

    [Fact]
    public void Invalid_config_json_is_reported_with_its_file()
    {
        WriteConfig("{ \"currentContext\": ");

        var error = Assert.Throws<CalibanException>(() => Resolve());

        Assert.Equal(ErrorCodes.DockerConfigInvalid, error.Code);
        Assert.Equal(Path.Combine(home, ".docker", "config.json"), error.File);
    }

    [Theory]
    [InlineData("ssh://me@build-host", "CAL3101")]
    [InlineData("fd://", "CAL3101")]
    [InlineData("unix://relative.sock", "CAL3101")]
    [InlineData("https://docker.example:2376", "CAL3102")]
    public void Unusable_DOCKER_HOST_values_are_reported(string host, string code)
    {
        var error = Assert.Throws<CalibanException>(() => Resolve(("DOCKER_HOST", host)));

        Assert.Equal(code, error.Code);
        Assert.Contains("DOCKER_HOST", error.Message);
        Assert.Contains(host, error.Message);
    }

    [Fact]
    public void TLS_from_DOCKER_TLS_VERIFY_is_reported_as_unsupported()
    {
        var error = Assert.Throws<CalibanException>(() => Resolve(("DOCKER_HOST", "tcp://docker.example:2376"), ("DOCKER_TLS_VERIFY", "1")));

        Assert.Equal(ErrorCodes.DockerTlsUnsupported, error.Code);
        Assert.Contains("TLS", error.Message);
    }

    [Fact]
    public void A_context_with_TLS_material_is_reported_as_unsupported()
    {
        WriteContext("secure", "tcp://docker.example:2376");
        var tlsDirectory = Path.Combine(home, ".docker", "contexts", "tls", ContextId("secure"), "docker");
        Directory.CreateDirectory(tlsDirectory);
        File.WriteAllText(Path.Combine(tlsDirectory, "ca.pem"), "-----BEGIN CERTIFICATE-----");

        var error = Assert.Throws<CalibanException>(() => Resolve(("DOCKER_CONTEXT", "secure")));

        Assert.Equal(ErrorCodes.DockerTlsUnsupported, error.Code);
        Assert.Contains("docker context 'secure'", error.Message);
    }

    private DockerEndpoint Resolve(params (string Name, string Value)[] variables) =>
        DockerEndpoint.Resolve(variables.ToDictionary(v => v.Name, v => (string?)v.Value), home);

    private void WriteConfig(string json, string? configDirectory = null)
    {
        configDirectory ??= Path.Combine(home, ".docker");
        Directory.CreateDirectory(configDirectory);
        File.WriteAllText(Path.Combine(configDirectory, "config.json"), json);
    }

    private string WriteContext(string name, string? host, string? configDirectory = null)
    {
        var directory = Path.Combine(configDirectory ?? Path.Combine(home, ".docker"), "contexts", "meta", ContextId(name));
        Directory.CreateDirectory(directory);
        var endpoints = host is null ? "{}" : $$"""{ "docker": { "Host": "{{host}}", "SkipTLSVerify": false } }""";
        var metaFile = Path.Combine(directory, "meta.json");
        File.WriteAllText(metaFile, $$"""{ "Name": "{{name}}", "Metadata": {}, "Endpoints": {{endpoints}} }""");
        return metaFile;
    }

    // The docker CLI stores a context under the hex SHA-256 of its name.
    private static string ContextId(string name) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
}
