using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Caliban.Core.Registry;

namespace Caliban.Core.Tests.Registry;

/// <summary>
/// The registry v2 token flow (Bearer challenges), which the loopback registries here do not speak: a scripted
/// registry and token service in an HTTP handler. The Basic flow is tested against the real htpasswd registry.
/// </summary>
public sealed class ManifestProbeTests
{
    private const string Digest = "sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
    private static readonly ImageRepository Repository = ImageRepository.Parse("registry.example.com/team/hello");

    [Fact]
    public async Task A_bearer_challenge_is_answered_with_a_token_fetched_with_basic_credentials()
    {
        var registry = new ScriptedRegistry();
        var credential = RegistryCredential.FromPassword("alice", "s3cret", "test");

        var digest = await new ManifestProbe(new HttpClient(registry)).GetDigestAsync(Repository, "abc123", credential, CancellationToken.None);

        Assert.Equal(Digest, digest);
        Assert.Equal(3, registry.Requests.Count);
        var (method, url, authorization, _) = registry.Requests[1];
        Assert.Equal(HttpMethod.Get, method);
        Assert.Equal("https://auth.example.com/token?service=registry.example.com&scope=repository%3Ateam%2Fhello%3Apull", url.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:s3cret")), authorization);
        Assert.Equal("Bearer the-token", registry.Requests[2].Authorization);
        Assert.Equal("https://registry.example.com/v2/team/hello/manifests/abc123", registry.Requests[2].Url.ToString());
    }

    [Fact]
    public async Task An_identity_token_is_exchanged_as_an_oauth_refresh_token()
    {
        var registry = new ScriptedRegistry();

        await new ManifestProbe(new HttpClient(registry)).GetDigestAsync(
            Repository, "abc123", RegistryCredential.FromIdentityToken("refresh-1", "test"), CancellationToken.None);

        var (method, _, authorization, body) = registry.Requests[1];
        Assert.Equal(HttpMethod.Post, method);
        Assert.Null(authorization);
        Assert.Contains("grant_type=refresh_token", body);
        Assert.Contains("refresh_token=refresh-1", body);
        Assert.Contains("scope=repository%3Ateam%2Fhello%3Apull", body);
    }

    [Fact]
    public async Task A_missing_tag_is_null_and_a_refused_token_is_a_probe_failure()
    {
        var missing = new ScriptedRegistry { ManifestStatus = HttpStatusCode.NotFound };
        Assert.Null(await new ManifestProbe(new HttpClient(missing)).GetDigestAsync(Repository, "abc123", RegistryCredential.None, CancellationToken.None));

        var refusing = new ScriptedRegistry { TokenStatus = HttpStatusCode.Unauthorized };
        var error = await Assert.ThrowsAsync<RegistryProbeException>(() =>
            new ManifestProbe(new HttpClient(refusing)).GetDigestAsync(Repository, "abc123", RegistryCredential.None, CancellationToken.None));
        Assert.Contains("401", error.Message);
    }

    [Fact]
    public void Challenge_parameters_are_read_with_quotes_and_commas()
    {
        var challenge = AuthChallenge.From(new AuthenticationHeaderValue("Bearer",
            "realm=\"https://a.example/token\",service=\"reg,istry\", scope=\"repository:x/y:pull,push\",error=insufficient_scope"));

        Assert.True(challenge.Is("bearer"));
        Assert.Equal("https://a.example/token", challenge.Realm);
        Assert.Equal("reg,istry", challenge.Service);
        Assert.Equal("repository:x/y:pull,push", challenge.Scope);
        Assert.Equal("insufficient_scope", challenge.Parameters["error"]);
    }

    /// <summary>A registry that wants a Bearer token from auth.example.com and then names <see cref="Digest"/>.</summary>
    private sealed class ScriptedRegistry : HttpMessageHandler
    {
        public List<(HttpMethod Method, Uri Url, string? Authorization, string Body)> Requests { get; } = [];

        public HttpStatusCode ManifestStatus { get; init; } = HttpStatusCode.OK;

        public HttpStatusCode TokenStatus { get; init; } = HttpStatusCode.OK;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(ct);
            Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            if (request.RequestUri!.Host == "auth.example.com")
            {
                return new HttpResponseMessage(TokenStatus) { Content = new StringContent("""{"token":"the-token","expires_in":300}""") };
            }

            Assert.Equal(HttpMethod.Head, request.Method);
            Assert.Contains("application/vnd.oci.image.index.v1+json", request.Headers.Accept.ToString());
            if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: "the-token" })
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer",
                    "realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/hello:pull\""));
                return challenge;
            }

            var answer = new HttpResponseMessage(ManifestStatus);
            answer.Headers.Add("Docker-Content-Digest", Digest);
            return answer;
        }
    }
}
