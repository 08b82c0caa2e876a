using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Engine;

/// <summary>The docker CLI's endpoint lookup: DOCKER_HOST, then the current context's metadata, then the default socket.</summary>
internal sealed class DockerEndpointResolver(Func<string, string?> environment, string homeDirectory)
{
    public DockerEndpoint Resolve()
    {
        if (Variable("DOCKER_HOST") is { } host)
        {
            return DockerHostAddress.Parse(host, "DOCKER_HOST", TlsRequestedByEnvironment(), "set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port, or unset it");
        }

        var configDirectory = Variable("DOCKER_CONFIG") ?? Path.Combine(homeDirectory, ".docker");
        var contextFromEnvironment = Variable("DOCKER_CONTEXT");
        var context = contextFromEnvironment ?? ReadCurrentContext(configDirectory);
        if (context is null || context == "default")
        {
            return DockerEndpoint.PlatformDefault;
        }

        return ReadContext(configDirectory, context, contextFromEnvironment is not null);
    }

    // The CLI treats any non-empty value as "on".
    private bool TlsRequestedByEnvironment() => Variable("DOCKER_TLS_VERIFY") is not null || Variable("DOCKER_TLS") is not null;

    private string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;

    private static string? ReadCurrentContext(string configDirectory)
    {
        var configFile = Path.Combine(configDirectory, "config.json");
        if (!File.Exists(configFile))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configFile));
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("currentContext", out var current)
                   && current.ValueKind == JsonValueKind.String
                   && current.GetString() is { Length: > 0 } name
                ? name
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CalibanException(ErrorCodes.DockerConfigInvalid,
                $"The Docker CLI configuration {configFile} cannot be read ({e.Message}). Fix or remove the file, or set DOCKER_HOST to the engine's address.",
                configFile, e);
        }
    }

    private static DockerEndpoint ReadContext(string configDirectory, string context, bool fromEnvironment)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context)));
        var metaFile = Path.Combine(configDirectory, "contexts", "meta", id, "meta.json");
        var chosenBy = fromEnvironment ? "DOCKER_CONTEXT" : $"currentContext in {Path.Combine(configDirectory, "config.json")}";
        var fix = fromEnvironment
            ? "Run `docker context ls` to see the contexts and set DOCKER_CONTEXT to one of them, or unset DOCKER_CONTEXT."
            : "Run `docker context ls` to see the contexts and `docker context use <name>` to pick one (`docker context use default` for the local engine).";
        if (!File.Exists(metaFile))
        {
            throw new CalibanException(ErrorCodes.DockerContextInvalid,
                $"Docker context '{context}' (chosen by {chosenBy}) does not exist: {metaFile} is missing. {fix}");
        }

        var host = ReadDockerHost(metaFile, context, fix);
        var source = $"docker context '{context}'";
        var tlsDirectory = Path.Combine(configDirectory, "contexts", "tls", id, "docker");
        var usesTls = Directory.Exists(tlsDirectory) && Directory.EnumerateFiles(tlsDirectory).Any();
        return DockerHostAddress.Parse(host, source, usesTls, $"point the context at a unix:// or plain tcp:// engine (`docker context update {context} --docker host=...`) or pick another context");
    }

    private static string ReadDockerHost(string metaFile, string context, string fix)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(metaFile));
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Endpoints", out var endpoints)
                && endpoints.ValueKind == JsonValueKind.Object
                && endpoints.TryGetProperty("docker", out var docker)
                && docker.ValueKind == JsonValueKind.Object
                && docker.TryGetProperty("Host", out var host)
                && host.ValueKind == JsonValueKind.String
                && host.GetString() is { Length: > 0 } address)
            {
                return address;
            }

            throw new CalibanException(ErrorCodes.DockerContextInvalid,
                $"Docker context '{context}' has no Docker endpoint (Endpoints.docker.Host) in {metaFile}. {fix}", metaFile);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CalibanException(ErrorCodes.DockerContextInvalid,
                $"Docker context '{context}' cannot be read from {metaFile} ({e.Message}). {fix}", metaFile, e);
        }
    }
}
