using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Engine;
using Caliban.Core.Registry;
using Caliban.Core.Tests.Context;
using Caliban.Core.Tests.Engine;

namespace Caliban.Core.Tests.Registry;

/// <summary>Pushing through the real local engine to the real loopback registries (open, and htpasswd-protected).</summary>
[Collection(EngineCollection.Name)]
public sealed class RegistryPusherTests(EngineFixture fixture) : IDisposable
{
    private readonly string workDirectory = Directory.CreateTempSubdirectory("caliban-push-").FullName;
    private readonly CapturingLog log = new();
    private readonly List<string> errors = [];

    private string StampFile => Path.Combine(workDirectory, "push.stamp.json");

    private string ConfigDirectory => Path.Combine(workDirectory, "docker-config");

    [Fact]
    public async Task Pushes_by_digest_then_skips_the_upload_when_the_registry_still_has_it()
    {
        var imageId = await BuildImageAsync();
        var request = Request(imageId, Repository(TestRegistries.Open, "skip"));

        var pushed = await Pusher().PushAsync(request, fixture.Engine, CancellationToken.None);

        Assert.True(pushed.Uploaded);
        Assert.Matches("^sha256:[0-9a-f]{64}$", pushed.Digest);
        Assert.Equal($"{request.Repository.Name}@{pushed.Digest}", pushed.Reference);
        Assert.Equal(pushed.Digest, await RegistryDigestAsync(request.Repository, request.Tag));
        Assert.Equal(imageId, await ConfigDigestAsync(request.Repository, pushed.Digest));
        Assert.Equal(new PushStamp(imageId, request.Repository.Name, request.Tag, pushed.Digest), PushStamp.Read(StampFile));
        Assert.Contains(log.Infos, line => line.StartsWith($"Pushing {request.Repository.Name}:{request.Tag} to {TestRegistries.Open} (credentials: none)", StringComparison.Ordinal));

        var again = new CapturingLog();
        var second = await Pusher(again).PushAsync(request, CancellationToken.None);

        Assert.False(second.Uploaded);
        Assert.Equal(pushed.Digest, second.Digest);
        var line = Assert.Single(again.Infos);
        Assert.Contains("nothing to push", line);
        Assert.Contains(pushed.Reference, line);
        Assert.DoesNotContain(again.Details, detail => detail.Contains("Docker engine at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pushes_again_when_the_registry_lost_the_manifest_or_the_image_changed()
    {
        var repository = Repository(TestRegistries.Open, "lost");
        var first = await BuildImageAsync();
        var pushed = await Pusher().PushAsync(Request(first, repository), fixture.Engine, CancellationToken.None);
        using (var http = new HttpClient())
        {
            var deleted = await http.DeleteAsync($"http://{repository.Registry}/v2/{repository.Path}/manifests/{pushed.Digest}");
            Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        }

        var restored = await Pusher().PushAsync(Request(first, repository), fixture.Engine, CancellationToken.None);

        Assert.True(restored.Uploaded);
        Assert.Equal(pushed.Digest, restored.Digest);
        Assert.Contains(log.Details, line => line.Contains("no longer has", StringComparison.Ordinal));

        var second = await BuildImageAsync();
        var changed = await Pusher().PushAsync(Request(second, repository), fixture.Engine, CancellationToken.None);

        Assert.True(changed.Uploaded);
        Assert.NotEqual(pushed.Digest, changed.Digest);
        Assert.Equal(second, PushStamp.Read(StampFile)?.ImageId);
    }

    [Fact]
    public async Task The_protected_registry_refuses_an_anonymous_push_naming_registry_and_source()
    {
        var request = Request(await BuildImageAsync(), Repository(TestRegistries.Auth, "denied"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => Pusher().PushAsync(request, fixture.Engine, CancellationToken.None));

        Assert.Equal(ErrorCodes.RegistryDenied, error.Code);
        Assert.Contains(TestRegistries.Auth, error.Message);
        Assert.Contains("Credentials used: none.", error.Message);
        Assert.Contains($"docker login {TestRegistries.Auth}", error.Message);
        Assert.False(File.Exists(StampFile));
    }

    [Fact]
    public async Task Docker_config_auths_log_in_and_the_skip_check_answers_the_basic_challenge()
    {
        Directory.CreateDirectory(ConfigDirectory);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.User}:{TestRegistries.Password}"));
        File.WriteAllText(Path.Combine(ConfigDirectory, "config.json"), $$"""{ "auths": { "{{TestRegistries.Auth}}": { "auth": "{{auth}}" } } }""");
        var request = Request(await BuildImageAsync(), Repository(TestRegistries.Auth, "auths"));
        var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = ConfigDirectory, ["PATH"] = "/usr/bin:/bin" };

        var pushed = await Pusher(environment: environment).PushAsync(request, fixture.Engine, CancellationToken.None);
        var second = await Pusher(environment: environment).PushAsync(request, fixture.Engine, CancellationToken.None);

        Assert.True(pushed.Uploaded);
        Assert.False(second.Uploaded);
        Assert.Equal(pushed.Digest, await RegistryDigestAsync(request.Repository, request.Tag, basic: true));
        Assert.Contains(log.Infos, line => line.Contains($"credentials from {ConfigDirectory}/config.json auths", StringComparison.Ordinal));
        AssertNoSecretLogged(TestRegistries.Password, auth);
    }

    [Fact]
    public async Task A_credential_helper_on_path_logs_in_and_its_refusal_names_it()
    {
        Directory.CreateDirectory(ConfigDirectory);
        File.WriteAllText(Path.Combine(ConfigDirectory, "config.json"), $$"""{ "credHelpers": { "{{TestRegistries.Auth}}": "calibantest" } }""");
        var request = Request(await BuildImageAsync(), Repository(TestRegistries.Auth, "helper"));

        using (var helper = CredentialHelperScript.Answering("calibantest", TestRegistries.User, TestRegistries.Password))
        {
            var pushed = await Pusher(environment: Environment(helper)).PushAsync(request, fixture.Engine, CancellationToken.None);

            Assert.True(pushed.Uploaded);
            Assert.Equal(TestRegistries.Auth, helper.Asked);
            Assert.Contains(log.Infos, line => line.Contains("(credentials: credential helper docker-credential-calibantest)", StringComparison.Ordinal));
        }

        File.Delete(StampFile);
        using (var wrong = CredentialHelperScript.Answering("calibantest", TestRegistries.User, "wrong-password-x9"))
        {
            var error = await Assert.ThrowsAsync<CalibanException>(() =>
                Pusher(environment: Environment(wrong)).PushAsync(request, fixture.Engine, CancellationToken.None));
            errors.Add(error.Message);

            Assert.Equal(ErrorCodes.RegistryDenied, error.Code);
            Assert.Contains("Credentials used: credential helper docker-credential-calibantest.", error.Message);
            Assert.Contains("refused these credentials", error.Message);
            AssertNoSecretLogged(TestRegistries.Password, "wrong-password-x9");
        }
    }

    [Fact]
    public async Task An_unknown_host_is_unreachable()
    {
        var request = Request(await BuildImageAsync(), ImageRepository.Parse($"nohost-{fixture.RunId}.invalid/team/hello"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => Pusher().PushAsync(request, fixture.Engine, CancellationToken.None));

        Assert.Equal(ErrorCodes.RegistryUnreachable, error.Code);
        Assert.Contains($"nohost-{fixture.RunId}.invalid", error.Message);
        Assert.Contains("Credentials used: none.", error.Message);
    }

    [Fact]
    public async Task An_image_gone_from_the_engine_is_CAL2205()
    {
        var request = Request("sha256:" + new string('0', 64), Repository(TestRegistries.Open, "gone"));

        var error = await Assert.ThrowsAsync<CalibanException>(() => Pusher().PushAsync(request, fixture.Engine, CancellationToken.None));

        Assert.Equal(ErrorCodes.PushImageMissing, error.Code);
        Assert.Contains("CalibanBuild", error.Message);
    }

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    private RegistryPusher Pusher(CapturingLog? into = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var target = into ?? log;
        environment ??= new Dictionary<string, string?> { ["DOCKER_CONFIG"] = ConfigDirectory, ["PATH"] = "/usr/bin:/bin" };
        return new RegistryPusher(target, new RegistryCredentialResolver(target, () => null, environment, homeDirectory: "/nonexistent"));
    }

    private Dictionary<string, string?> Environment(CredentialHelperScript helper) =>
        new() { ["DOCKER_CONFIG"] = ConfigDirectory, ["PATH"] = helper.SearchPath };

    private PushRequest Request(string imageId, ImageRepository repository) => new(imageId, fixture.RunId, repository, StampFile);

    private ImageRepository Repository(string registry, string name) => ImageRepository.Parse($"{registry}/caliban-test/{fixture.RunId}-{name}");

    private void AssertNoSecretLogged(params string[] secrets)
    {
        var logged = string.Join("\n", log.Infos.Concat(log.Details).Concat(log.Warnings.Select(w => w.Message)).Concat(errors));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logged);
        }
    }

    // A one-file image FROM scratch: tiny to push, and unique per call so every test pushes a new manifest.
    private async Task<string> BuildImageAsync()
    {
        var marker = Guid.NewGuid().ToString("N");
        var request = new ImageBuildRequest { Tags = [$"{fixture.Repository}:push-{marker[..12]}"], Labels = fixture.Labels };
        var built = await fixture.Engine.BuildImageAsync(
            TarContext.Of(("Dockerfile", "FROM scratch\nCOPY marker.txt /\n"), ("marker.txt", marker)), request, new RecordingBuildObserver(), CancellationToken.None);
        return built.ImageId;
    }

    private static async Task<string?> RegistryDigestAsync(ImageRepository repository, string tag, bool basic = false)
    {
        using var http = new HttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, $"http://{repository.Registry}/v2/{repository.Path}/manifests/{tag}");
        head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        if (basic)
        {
            head.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.User}:{TestRegistries.Password}")));
        }

        using var response = await http.SendAsync(head);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : null;
    }

    // The manifest the registry holds under the digest names the image's config, whose digest is the local image id.
    private static async Task<string> ConfigDigestAsync(ImageRepository repository, string digest)
    {
        using var http = new HttpClient();
        using var get = new HttpRequestMessage(HttpMethod.Get, $"http://{repository.Registry}/v2/{repository.Path}/manifests/{digest}");
        get.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        using var response = await http.SendAsync(get);
        response.EnsureSuccessStatusCode();
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!;
    }
}
