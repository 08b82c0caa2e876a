using System.Text;
using System.Text.Json;
using Caliban.Core.Tests.Registry;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>CalibanPush end to end: `dotnet build -t:CalibanPush` on the packed SDK, the real engine and the loopback registries.</summary>
[Collection("sdk")]
public sealed class PushTests(SdkFeed feed)
{
    private ResearchRepo Repo() => new ResearchRepo(feed).WithTrainer().WithProject("""
          <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint></PropertyGroup>
        """);

    [Fact]
    public void Pushes_by_digest_a_second_run_skips_and_the_digest_pulls_the_same_image()
    {
        using var repo = Repo();
        var repository = $"{TestRegistries.Open}/caliban-e2e/{repo.ImageName}";
        var result = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json");
        try
        {
            PushSkipPull(repo, repository, result);
        }
        finally
        {
            DockerCli.RemoveRepository(repository);
        }
    }

    private static void PushSkipPull(ResearchRepo repo, string repository, string result)
    {
        var first = repo.Dotnet("build", "-t:CalibanPush", $"-p:CalibanImageRepository={repository}",
            "-getProperty:CalibanPushedImage", "-getProperty:CalibanImageDigest", "-getProperty:CalibanImageId", $"-getResultOutputFile:{result}");

        Assert.True(first.ExitCode == 0, first.ToString());
        var properties = JsonDocument.Parse(File.ReadAllText(result)).RootElement.GetProperty("Properties");
        File.Delete(result);
        var digest = properties.GetProperty("CalibanImageDigest").GetString()!;
        var imageId = properties.GetProperty("CalibanImageId").GetString()!;
        Assert.Matches("^sha256:[0-9a-f]{64}$", digest);
        Assert.Equal($"{repository}@{digest}", properties.GetProperty("CalibanPushedImage").GetString());
        Assert.Equal(digest, RegistryDigest(repository, FingerprintTag(repo)));
        Assert.Contains($"Pushing {repository}:{FingerprintTag(repo)}", first.Output);
        using (var stamp = JsonDocument.Parse(File.ReadAllText(Path.Combine(repo.CalibanObj, "push.stamp.json"))))
        {
            Assert.Equal(digest, stamp.RootElement.GetProperty("digest").GetString());
            Assert.Equal(imageId, stamp.RootElement.GetProperty("imageId").GetString());
            Assert.Equal(repository, stamp.RootElement.GetProperty("repository").GetString());
        }

        var second = repo.Dotnet("build", "-t:CalibanPush", $"-p:CalibanImageRepository={repository}");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"is already in {TestRegistries.Open} as {repository}@{digest}; nothing to push.", second.Output);
        Assert.DoesNotContain("Pushing ", second.Output);
        Assert.DoesNotContain("Building image", second.Output);

        // Gone from the engine, the image comes back by digest from the registry as the very same image.
        Assert.Equal(0, DockerCli.Run("image", "rm", "--force", imageId).ExitCode);
        var pull = DockerCli.Run("pull", $"{repository}@{digest}");
        Assert.True(pull.ExitCode == 0, pull.ToString());
        Assert.Equal(imageId, DockerCli.ImageId($"{repository}@{digest}"));
        DockerCli.Run("image", "rm", "--force", imageId);
    }

    [Fact]
    public void The_protected_registry_denies_without_credentials_and_accepts_docker_config_and_helper_credentials()
    {
        using var repo = Repo();
        var repository = $"{TestRegistries.Auth}/caliban-e2e/{repo.ImageName}";
        var configDirectory = Directory.CreateTempSubdirectory("caliban-e2e-docker-").FullName;
        try
        {
            var denied = repo.Dotnet(["build", "-t:CalibanPush", $"-p:CalibanImageRepository={repository}"],
                new Dictionary<string, string?> { ["DOCKER_CONFIG"] = configDirectory });

            Assert.NotEqual(0, denied.ExitCode);
            Assert.Matches($@"error CAL2210: Pushing {repository}:\w+ to {TestRegistries.Auth} failed: .*Credentials used: none\.", denied.Output);
            Assert.Contains($"docker login {TestRegistries.Auth}", denied.Output);

            var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestRegistries.User}:{TestRegistries.Password}"));
            File.WriteAllText(Path.Combine(configDirectory, "config.json"), $$"""{ "auths": { "{{TestRegistries.Auth}}": { "auth": "{{auth}}" } } }""");
            var withAuths = repo.Dotnet(["build", "-t:CalibanPush", $"-p:CalibanImageRepository={repository}"],
                new Dictionary<string, string?> { ["DOCKER_CONFIG"] = configDirectory });

            Assert.True(withAuths.ExitCode == 0, withAuths.ToString());
            Assert.Contains($"(credentials: credentials from {configDirectory}/config.json auths)", withAuths.Output);

            // A credential helper on PATH, as `gcloud auth configure-docker` sets one up (a new repository, so it pushes).
            var helperDirectory = Path.Combine(configDirectory, "bin");
            Directory.CreateDirectory(helperDirectory);
            var helper = Path.Combine(helperDirectory, "docker-credential-calibantest");
            File.WriteAllText(helper, $"#!/bin/sh\ncat >/dev/null\nprintf '%s' '{{\"Username\":\"{TestRegistries.User}\",\"Secret\":\"{TestRegistries.Password}\"}}'\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.WriteAllText(Path.Combine(configDirectory, "config.json"), $$"""{ "credHelpers": { "{{TestRegistries.Auth}}": "calibantest" } }""");
            var viaHelper = repo.Dotnet(["build", "-t:CalibanPush", $"-p:CalibanImageRepository={repository}-helper"],
                new Dictionary<string, string?>
                {
                    ["DOCKER_CONFIG"] = configDirectory,
                    ["PATH"] = $"{helperDirectory}:{Environment.GetEnvironmentVariable("PATH")}",
                });

            Assert.True(viaHelper.ExitCode == 0, viaHelper.ToString());
            Assert.Contains("(credentials: credential helper docker-credential-calibantest)", viaHelper.Output);
            Assert.Matches($@"Pushed {repository}-helper@sha256:[0-9a-f]{{64}}", viaHelper.Output);

            foreach (var output in new[] { denied.Output, withAuths.Output, viaHelper.Output })
            {
                Assert.DoesNotContain(TestRegistries.Password, output);
                Assert.DoesNotContain(auth, output);
            }
        }
        finally
        {
            Directory.Delete(configDirectory, recursive: true);
            DockerCli.RemoveRepository(repository);
            DockerCli.RemoveRepository(repository + "-helper");
        }
    }

    [Theory]
    [InlineData("", "CAL2201", "CalibanImageRepository is not set")]
    [InlineData("127.0.0.1:5000/team/hello:v1", "CAL2204", "includes a tag")]
    [InlineData("127.0.0.1:5000/Team/hello", "CAL2203", "127.0.0.1:5000/team/hello")]
    [InlineData("https://127.0.0.1:5000/team/hello", "CAL2202", "scheme")]
    public void A_bad_repository_fails_before_anything_is_built(string value, string code, string text)
    {
        using var repo = Repo();

        var run = repo.Dotnet("build", "-t:CalibanPush", $"-p:CalibanImageRepository={value}");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"error {code}: ", run.Output);
        Assert.Contains(text, run.Output);
        Assert.Contains(repo.ProjectFile, run.Output);
        Assert.DoesNotContain("Building image", run.Output);
        Assert.False(File.Exists(repo.StampFile));
    }

    [Fact]
    public void An_unknown_registry_host_is_CAL2211_naming_it()
    {
        using var repo = Repo();
        var host = $"nohost-{repo.ImageName}.invalid";

        var run = repo.Dotnet("build", "-t:CalibanPush", $"-p:CalibanImageRepository={host}/team/hello");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error CAL2211: ", run.Output);
        Assert.Contains($"to {host} failed", run.Output);
        Assert.False(File.Exists(Path.Combine(repo.CalibanObj, "push.stamp.json")));
        DockerCli.RemoveRepository($"{host}/team/hello");
    }

    private static string FingerprintTag(ResearchRepo repo)
    {
        using var stamp = JsonDocument.Parse(File.ReadAllText(repo.StampFile));
        var tag = stamp.RootElement.GetProperty("tag").GetString()!;
        return tag[(tag.LastIndexOf(':') + 1)..];
    }

    private static string? RegistryDigest(string repository, string tag)
    {
        var slash = repository.IndexOf('/');
        using var http = new HttpClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, $"http://{repository[..slash]}/v2/{repository[(slash + 1)..]}/manifests/{tag}");
        head.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        using var response = http.Send(head);
        return response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.Single() : null;
    }
}
