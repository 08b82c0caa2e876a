using System.Text;
using Caliban.Core.Diagnostics;
using Caliban.Core.Google;
using Caliban.Core.Registry;
using Caliban.Core.Tests.Context;

namespace Caliban.Core.Tests.Registry;

/// <summary>Credentials found the way the docker CLI finds them, then Google's token; every source says where it came from.</summary>
public sealed class RegistryCredentialResolverTests : IDisposable
{
    private static readonly ImageRepository Local = ImageRepository.Parse("127.0.0.1:5001/team/hello");
    private static readonly ImageRepository ArtifactRegistry = ImageRepository.Parse("us-central1-docker.pkg.dev/p/r/mnist");
    private readonly string configDirectory = Directory.CreateTempSubdirectory("caliban-docker-config-").FullName;
    private readonly CapturingLog log = new();
    private string searchPath = "/usr/bin:/bin";
    private IAccessTokenSource? googleTokens;

    private string ConfigFile => Path.Combine(configDirectory, "config.json");

    [Fact]
    public async Task No_config_file_means_no_credentials()
    {
        var credential = await Resolve(Local);

        Assert.True(credential.IsAnonymous);
        Assert.Equal("none", credential.Source);
    }

    [Fact]
    public async Task Auths_base64_user_and_password_are_decoded()
    {
        WriteConfig($$"""{ "auths": { "127.0.0.1:5001": { "auth": "{{Base64("alice:pa:ss")}}" } } }""");

        var credential = await Resolve(Local);

        Assert.Equal("alice", credential.Username);
        Assert.Equal("pa:ss", credential.Password);
        Assert.Equal($"credentials from {ConfigFile} auths", credential.Source);
        Assert.DoesNotContain("pa:ss", credential.ToString());
    }

    [Fact]
    public async Task Auths_keys_match_by_host_whatever_the_scheme_and_path()
    {
        WriteConfig("""{ "auths": { "https://127.0.0.1:5001/v1/": { "username": "bob", "password": "secret" } } }""");

        var credential = await Resolve(Local);

        Assert.Equal("bob", credential.Username);
        Assert.Equal("secret", credential.Password);
    }

    [Fact]
    public async Task Auths_identity_token_is_kept_as_one()
    {
        WriteConfig("""{ "auths": { "127.0.0.1:5001": { "auth": "", "identitytoken": "refresh-me" } } }""");

        var credential = await Resolve(Local);

        Assert.Equal("refresh-me", credential.IdentityToken);
        Assert.Null(credential.Username);
        Assert.False(credential.IsAnonymous);
    }

    [Fact]
    public async Task Another_registrys_auths_are_not_used()
    {
        WriteConfig($$"""{ "auths": { "127.0.0.1:5000": { "auth": "{{Base64("a:b")}}" } } }""");

        Assert.True((await Resolve(Local)).IsAnonymous);
    }

    [Fact]
    public async Task A_credential_helper_for_the_registry_wins_over_auths_and_is_asked_for_the_server()
    {
        using var helper = CredentialHelperScript.Answering("calibantest", "carol", "from-helper");
        searchPath = helper.SearchPath;
        WriteConfig($$"""{ "auths": { "127.0.0.1:5001": { "auth": "{{Base64("a:b")}}" } }, "credHelpers": { "127.0.0.1:5001": "calibantest" } }""");

        var credential = await Resolve(Local);

        Assert.Equal("carol", credential.Username);
        Assert.Equal("from-helper", credential.Password);
        Assert.Equal("credential helper docker-credential-calibantest", credential.Source);
        Assert.Equal("127.0.0.1:5001", helper.Asked);
    }

    [Fact]
    public async Task A_helper_answering_token_user_gives_an_identity_token()
    {
        using var helper = CredentialHelperScript.Answering("calibantest", "<token>", "refresh-token");
        searchPath = helper.SearchPath;
        WriteConfig("""{ "credsStore": "calibantest" }""");

        var credential = await Resolve(Local);

        Assert.Equal("refresh-token", credential.IdentityToken);
        Assert.Null(credential.Username);
    }

    [Fact]
    public async Task A_store_without_credentials_falls_back_to_auths()
    {
        using var helper = CredentialHelperScript.NotFound("calibantest");
        searchPath = helper.SearchPath;
        WriteConfig($$"""{ "credsStore": "calibantest", "auths": { "127.0.0.1:5001": { "auth": "{{Base64("dave:pw")}}" } } }""");

        var credential = await Resolve(Local);

        Assert.Equal("dave", credential.Username);
        Assert.Equal("127.0.0.1:5001", helper.Asked);
    }

    [Fact]
    public async Task A_helper_not_on_path_is_named_in_the_source()
    {
        WriteConfig("""{ "credHelpers": { "127.0.0.1:5001": "nosuchhelper" } }""");

        var credential = await Resolve(Local);

        Assert.True(credential.IsAnonymous);
        Assert.Contains("docker-credential-nosuchhelper", credential.Source);
        Assert.Contains("not on PATH", credential.Source);
    }

    [Fact]
    public async Task A_failing_helper_is_CAL2221_naming_it_and_its_message()
    {
        using var helper = new CredentialHelperScript("calibantest", "echo 'keychain is locked' >&2\nexit 3");
        searchPath = helper.SearchPath;
        WriteConfig("""{ "credHelpers": { "127.0.0.1:5001": "calibantest" } }""");

        var error = await Assert.ThrowsAsync<CalibanException>(() => Resolve(Local));

        Assert.Equal(ErrorCodes.CredentialHelperFailed, error.Code);
        Assert.Contains("docker-credential-calibantest", error.Message);
        Assert.Contains("keychain is locked", error.Message);
        Assert.Contains("127.0.0.1:5001", error.Message);
    }

    [Fact]
    public async Task A_helper_answering_nonsense_is_CAL2221_without_quoting_it()
    {
        using var helper = new CredentialHelperScript("calibantest", "echo 'not json but maybe-a-secret'");
        searchPath = helper.SearchPath;
        WriteConfig("""{ "credHelpers": { "127.0.0.1:5001": "calibantest" } }""");

        var error = await Assert.ThrowsAsync<CalibanException>(() => Resolve(Local));

        Assert.Equal(ErrorCodes.CredentialHelperFailed, error.Code);
        Assert.DoesNotContain("maybe-a-secret", error.Message);
    }

    [Theory]
    [InlineData("""{ "auths": { "127.0.0.1:5001": { "auth": "%%%not-base64" } } }""")]
    [InlineData("""{ "auths": { "127.0.0.1:5001": { "auth": "bm9jb2xvbg==" } } }""")]
    [InlineData("""{ "auths": """)]
    public async Task A_broken_config_is_CAL2220_naming_the_file(string config)
    {
        WriteConfig(config);

        var error = await Assert.ThrowsAsync<CalibanException>(() => Resolve(Local));

        Assert.Equal(ErrorCodes.RegistryCredentialsInvalid, error.Code);
        Assert.Contains(ConfigFile, error.Message);
        Assert.Equal(ConfigFile, error.File);
    }

    [Fact]
    public async Task Google_registries_without_docker_credentials_use_an_oauth_token()
    {
        googleTokens = new FixedAccessToken("ya29.test-token", "Application Default Credentials");

        var credential = await Resolve(ArtifactRegistry);

        Assert.Equal("oauth2accesstoken", credential.Username);
        Assert.Equal("ya29.test-token", credential.Password);
        Assert.Equal("Application Default Credentials", credential.Source);
        Assert.DoesNotContain("ya29", string.Join("\n", log.Infos.Concat(log.Details)));
    }

    [Fact]
    public async Task Docker_credentials_win_over_the_google_token_and_other_registries_never_ask_for_one()
    {
        var asked = 0;
        googleTokens = new CountingTokens(() => asked++);
        WriteConfig($$"""{ "auths": { "us-central1-docker.pkg.dev": { "auth": "{{Base64("_json_key:{}")}}" } } }""");

        Assert.Equal("_json_key", (await Resolve(ArtifactRegistry)).Username);
        Assert.True((await Resolve(Local)).IsAnonymous);
        Assert.Equal(0, asked);
    }

    [Fact]
    public async Task A_failing_token_source_is_CAL2222_saying_what_to_run()
    {
        googleTokens = new CountingTokens(() => throw new InvalidOperationException("no ADC file"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => Resolve(ArtifactRegistry));

        Assert.Equal(ErrorCodes.GoogleTokenFailed, error.Code);
        Assert.Contains("gcloud auth application-default login", error.Message);
        Assert.Contains("us-central1-docker.pkg.dev", error.Message);
    }

    public void Dispose() => Directory.Delete(configDirectory, recursive: true);

    private Task<RegistryCredential> Resolve(ImageRepository repository) =>
        new RegistryCredentialResolver(log, () => googleTokens,
                new Dictionary<string, string?> { ["DOCKER_CONFIG"] = configDirectory, ["PATH"] = searchPath }, homeDirectory: "/nonexistent")
            .ResolveAsync(repository, CancellationToken.None);

    private void WriteConfig(string json) => File.WriteAllText(ConfigFile, json);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private sealed class CountingTokens(Action onAsk) : IAccessTokenSource
    {
        public string Description => "test tokens";

        public Task<string> GetAccessTokenAsync(CancellationToken ct)
        {
            onAsk();
            return Task.FromResult("token");
        }
    }
}
