using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Caliban.Core.Registry;

/// <summary>
/// Asks a registry over its v2 HTTP API which manifest a tag names (HEAD /v2/NAME/manifests/TAG, header
/// Docker-Content-Digest), answering 401 challenges with Basic credentials or the Bearer token flow. Plain HTTP for
/// loopback registries (the engine trusts 127.0.0.0/8 as insecure), HTTPS otherwise.
/// </summary>
internal sealed class ManifestProbe(HttpClient http)
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
    ];

    /// <summary>The digest of the manifest <paramref name="tag"/> names, or null when the registry has no such tag.</summary>
    /// <exception cref="RegistryProbeException">The registry could not be asked or refused to answer.</exception>
    public async Task<string?> GetDigestAsync(ImageRepository repository, string tag, RegistryCredential credential, CancellationToken ct)
    {
        var scheme = repository.IsLoopback ? "http" : "https";
        var url = new Uri($"{scheme}://{repository.ApiHost}/v2/{repository.Path}/manifests/{Uri.EscapeDataString(tag)}");
        try
        {
            using var first = await HeadAsync(url, null, ct).ConfigureAwait(false);
            if (first.StatusCode != HttpStatusCode.Unauthorized)
            {
                return DigestOf(first);
            }

            var authorization = await AuthorizeAsync(first, repository, credential, ct).ConfigureAwait(false);
            using var second = await HeadAsync(url, authorization, ct).ConfigureAwait(false);
            return DigestOf(second);
        }
        catch (HttpRequestException e)
        {
            throw new RegistryProbeException($"{url.GetLeftPart(UriPartial.Authority)} could not be asked ({e.Message})", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new RegistryProbeException($"{url.GetLeftPart(UriPartial.Authority)} did not answer in time", e);
        }
    }

    private async Task<HttpResponseMessage> HeadAsync(Uri url, AuthenticationHeaderValue? authorization, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        foreach (var type in ManifestTypes)
        {
            request.Headers.Accept.ParseAdd(type);
        }

        request.Headers.Authorization = authorization;
        return await http.SendAsync(request, ct).ConfigureAwait(false);
    }

    private static string? DigestOf(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryProbeException($"the registry answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { Length: > 0 } digest
            ? digest
            : throw new RegistryProbeException("the registry's answer has no Docker-Content-Digest header");
    }

    private async Task<AuthenticationHeaderValue> AuthorizeAsync(
        HttpResponseMessage challenged, ImageRepository repository, RegistryCredential credential, CancellationToken ct)
    {
        var challenges = challenged.Headers.WwwAuthenticate.Select(AuthChallenge.From).ToArray();
        if (challenges.FirstOrDefault(c => c.Is("Bearer")) is { Realm: { } realm } bearer)
        {
            var token = await FetchTokenAsync(new Uri(realm), bearer.Service, bearer.Scope ?? $"repository:{repository.Path}:pull", credential, ct)
                .ConfigureAwait(false);
            return new AuthenticationHeaderValue("Bearer", token);
        }

        if (challenges.Any(c => c.Is("Basic")) && credential.Username is { } user && credential.Password is { } password)
        {
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        throw new RegistryProbeException($"the registry asks for credentials (HTTP 401) and the credentials at hand ({credential.Source}) cannot answer it");
    }

    // The distribution token flow: GET realm?service&scope with Basic credentials, or POST a refresh token (OAuth2).
    private async Task<string> FetchTokenAsync(Uri realm, string? service, string scope, RegistryCredential credential, CancellationToken ct)
    {
        using var request = credential.IdentityToken is { } refreshToken
            ? new HttpRequestMessage(HttpMethod.Post, realm)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["service"] = service ?? "",
                    ["scope"] = scope,
                    ["client_id"] = "caliban",
                }),
            }
            : new HttpRequestMessage(HttpMethod.Get, WithQuery(realm, service, scope));
        if (credential is { IdentityToken: null, Username: { } user, Password: { } password })
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryProbeException($"the token service {realm.GetLeftPart(UriPartial.Path)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false));
            foreach (var name in new[] { "token", "access_token" })
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } token)
                {
                    return token;
                }
            }
        }
        catch (JsonException e)
        {
            throw new RegistryProbeException($"the token service {realm.GetLeftPart(UriPartial.Path)} answered something other than JSON", e);
        }

        throw new RegistryProbeException($"the token service {realm.GetLeftPart(UriPartial.Path)} answered without a token");
    }

    private static Uri WithQuery(Uri realm, string? service, string scope)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        void Add(string name, string value)
        {
            if (query.Length > 0) query.Append('&');
            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        if (service is { Length: > 0 }) Add("service", service);
        Add("scope", scope);
        return new UriBuilder(realm) { Query = query.ToString() }.Uri;
    }
}

/// <summary>The registry could not tell which manifest a tag names; the pusher then simply pushes.</summary>
internal sealed class RegistryProbeException(string message, Exception? inner = null) : Exception(message, inner);
