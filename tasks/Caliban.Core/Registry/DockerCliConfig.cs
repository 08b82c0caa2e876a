using System.Text;
using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Registry;

/// <summary>
/// The credential parts of the docker CLI's config.json (DOCKER_CONFIG, else ~/.docker): `auths`, `credHelpers`
/// and `credsStore`. Registry keys are matched the way the CLI does, by host name with any scheme and path dropped.
/// </summary>
internal sealed class DockerCliConfig
{
    private readonly Dictionary<string, JsonElement> auths;
    private readonly Dictionary<string, string> credHelpers;

    private DockerCliConfig(string file, Dictionary<string, JsonElement> auths, Dictionary<string, string> credHelpers, string? credsStore)
    {
        File = file;
        this.auths = auths;
        this.credHelpers = credHelpers;
        CredsStore = credsStore;
    }

    /// <summary>The config file's path (whether or not it exists), for messages.</summary>
    public string File { get; }

    /// <summary>The default credential helper for every registry (`credsStore`), if any.</summary>
    public string? CredsStore { get; }

    public static string PathFor(Func<string, string?> environment, string homeDirectory) =>
        System.IO.Path.Combine(environment("DOCKER_CONFIG") is { Length: > 0 } directory ? directory : System.IO.Path.Combine(homeDirectory, ".docker"), "config.json");

    /// <summary>Reads the file; an absent file is an empty config. Throws CAL2220 when it is not valid JSON.</summary>
    public static DockerCliConfig Load(string file)
    {
        if (!System.IO.File.Exists(file))
        {
            return new DockerCliConfig(file, [], [], null);
        }

        try
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(file), new JsonDocumentOptions { AllowTrailingCommas = true });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(file, "the file is not a JSON object");
            }

            var auths = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in authsElement.EnumerateObject())
                {
                    auths[entry.Name] = entry.Value.Clone();
                }
            }

            var helpers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpersElement.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
                {
                    helpers[entry.Name] = entry.Value.GetString()!;
                }
            }

            var store = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String
                && storeElement.GetString() is { Length: > 0 } name ? name : null;
            return new DockerCliConfig(file, auths, helpers, store);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(file, e.Message, e);
        }
    }

    /// <summary>The helper named for this registry in `credHelpers`, if any.</summary>
    public string? HelperFor(ImageRepository repository) =>
        Lookup(credHelpers, repository) is { Length: > 0 } helper ? helper : null;

    /// <summary>The credentials stored in `auths` for this registry, or null when there are none.</summary>
    public RegistryCredential? AuthsFor(ImageRepository repository)
    {
        if (auths.Count == 0 || !TryLookup(auths, repository, out var key, out var entry) || entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var source = $"credentials from {File} auths";
        if (Text(entry, "identitytoken") is { } identityToken)
        {
            return RegistryCredential.FromIdentityToken(identityToken, source);
        }

        if (Text(entry, "auth") is { } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException e)
            {
                throw new CalibanException(ErrorCodes.RegistryCredentialsInvalid,
                    $"The `auth` value for '{key}' in {File} is not base64 of USER:PASSWORD. Log in again with `docker login {repository.Registry}`, " +
                    "or remove the entry.", File, e);
            }

            var colon = decoded.IndexOf(':');
            if (colon <= 0)
            {
                throw new CalibanException(ErrorCodes.RegistryCredentialsInvalid,
                    $"The `auth` value for '{key}' in {File} does not decode to USER:PASSWORD. Log in again with `docker login {repository.Registry}`, " +
                    "or remove the entry.", File);
            }

            return RegistryCredential.FromPassword(decoded[..colon], decoded[(colon + 1)..], source);
        }

        return Text(entry, "username") is { } username && Text(entry, "password") is { } password
            ? RegistryCredential.FromPassword(username, password, source)
            : null;
    }

    /// <summary>The CLI's ConvertToHostname: "https://host:port/v1/" → "host:port".</summary>
    internal static string HostOf(string key)
    {
        var host = key;
        foreach (var scheme in new[] { "https://", "http://" })
        {
            if (host.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                host = host[scheme.Length..];
                break;
            }
        }

        var slash = host.IndexOf('/');
        return slash < 0 ? host : host[..slash];
    }

    private static T? Lookup<T>(Dictionary<string, T> entries, ImageRepository repository) =>
        TryLookup(entries, repository, out _, out var value) ? value : default;

    private static bool TryLookup<T>(Dictionary<string, T> entries, ImageRepository repository, out string key, out T value)
    {
        if (entries.TryGetValue(repository.CredentialKey, out value!))
        {
            key = repository.CredentialKey;
            return true;
        }

        var host = HostOf(repository.CredentialKey);
        foreach (var (candidate, candidateValue) in entries)
        {
            if (HostOf(candidate) == host)
            {
                key = candidate;
                value = candidateValue;
                return true;
            }
        }

        key = "";
        value = default!;
        return false;
    }

    private static string? Text(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static CalibanException Invalid(string file, string why, Exception? inner = null) => new(ErrorCodes.RegistryCredentialsInvalid,
        $"The docker CLI config {file} cannot be read for registry credentials ({why}). Fix or remove the file " +
        "(`docker login REGISTRY` writes a valid one), or point DOCKER_CONFIG at another directory.", file, inner);
}
