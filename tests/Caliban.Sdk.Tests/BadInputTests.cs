using System.Diagnostics;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>
/// Mistakes a new user makes: each gives one coded error naming the file or property, fails the build, writes no
/// stamp, and leaves the previous good image tagged.
/// </summary>
[Collection("sdk")]
public sealed class BadInputTests(SdkFeed feed)
{
    private const string TrainerEntryPoint = """
          <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint></PropertyGroup>
        """;

    [Fact]
    public void Missing_entry_point()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject();
        AssertFailsWith(repo.Dotnet("build"), "CAL1001", "CalibanEntryPoint");
        Assert.False(File.Exists(repo.StampFile));
    }

    [Fact]
    public void Entry_point_that_does_not_exist()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer.missing</CalibanEntryPoint></PropertyGroup>
            """);
        AssertFailsWith(repo.Dotnet("build"), "CAL1002", "trainer/missing.py");
    }

    [Fact]
    public void Malformed_calibanconfig()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject(TrainerEntryPoint)
            .Write(".calibanconfig.json", "{ \"apt_packages\": [\"curl\", }\n");
        AssertFailsWith(repo.Dotnet("build"), "CAL1003", ".calibanconfig.json");
    }

    [Fact]
    public void Calibanconfig_with_a_bad_value()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject(TrainerEntryPoint)
            .Write(".calibanconfig.json", "{ \"apt_packages\": 42 }\n");
        AssertFailsWith(repo.Dotnet("build"), "CAL1004", "apt_packages");
    }

    [Fact]
    public void Base_image_that_cannot_be_pulled_keeps_the_previous_image()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject(TrainerEntryPoint);
        var good = repo.Dotnet("build");
        Assert.True(good.ExitCode == 0, good.ToString());
        var goodId = DockerCli.ImageId($"{repo.ImageName}:latest");
        var stamp = File.ReadAllText(repo.StampFile);

        var bad = repo.Dotnet("build", "-p:CalibanBaseImage=registry.invalid/nobody/nothing:1");

        AssertFailsWith(bad, "CAL2002", "registry.invalid/nobody/nothing:1");
        Assert.Contains("CalibanBaseImage", bad.Output);
        Assert.Equal(goodId, DockerCli.ImageId($"{repo.ImageName}:latest"));
        Assert.Equal(stamp, File.ReadAllText(repo.StampFile));
    }

    [Fact]
    public void Requirements_that_fail_to_install()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject(TrainerEntryPoint)
            .Write("requirements.txt", "surely-not-a-real-package-caliban==0.0.1\n");
        AssertFailsWith(repo.Dotnet("build"), "CAL2003", "requirements.txt");
        Assert.False(File.Exists(repo.StampFile));
    }

    [Fact]
    public void Dockerfile_step_that_fails()
    {
        using var repo = new ResearchRepo(feed).WithProject("""
              <PropertyGroup><CalibanDockerfile>Dockerfile</CalibanDockerfile></PropertyGroup>
            """).Write("Dockerfile", $"FROM {feed.BaseImage}\nRUN echo about to fail && exit 3\n");
        var build = repo.Dotnet("build");
        AssertFailsWith(build, "CAL2001", "exit 3");
        Assert.Contains("about to fail", build.Output);
        Assert.False(File.Exists(repo.StampFile));
    }

    [Fact]
    public void No_engine_running_fails_fast_and_names_the_endpoint()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject(TrainerEntryPoint);
        var restore = repo.Dotnet("restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var build = repo.Dotnet(["build", "--no-restore"],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/caliban-no-engine-here.sock" });

        AssertFailsWith(build, "CAL3001", "unix:///tmp/caliban-no-engine-here.sock");
        Assert.Contains("DOCKER_HOST", build.Output);
        Assert.False(File.Exists(repo.StampFile));
    }

    [Fact]
    public void An_engine_that_never_answers_fails_within_the_connect_deadline()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject(TrainerEntryPoint);
        Assert.Equal(0, repo.Dotnet("restore").ExitCode);
        // Accepts connections and never says a word: the hung-engine case, not the refused one.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var endpoint = $"tcp://127.0.0.1:{((System.Net.IPEndPoint)listener.LocalEndpoint).Port}";
            var build = repo.Dotnet(["build", "--no-restore"], new Dictionary<string, string?> { ["DOCKER_HOST"] = endpoint });

            AssertFailsWith(build, "CAL3001", endpoint);
            // 5 s to give up on the engine, once, plus MSBuild's own start-up.
            Assert.True(build.Elapsed < TimeSpan.FromSeconds(9), $"took {build.Elapsed}");
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public void Ctrl_c_stops_a_build_cleanly()
    {
        using var repo = new ResearchRepo(feed).WithProject("""
              <PropertyGroup><CalibanDockerfile>Dockerfile</CalibanDockerfile></PropertyGroup>
            """).Write("Dockerfile", $"FROM {feed.BaseImage}\nRUN echo sleeping-now && sleep 120\n");
        using var build = repo.StartDotnet(["build"]);
        var deadline = Stopwatch.StartNew();
        while (!build.Output.Contains("sleeping-now") && deadline.Elapsed < TimeSpan.FromMinutes(2) && !build.Process.HasExited)
            Thread.Sleep(100);
        Assert.Contains("sleeping-now", build.Output);

        var interrupted = Stopwatch.StartNew();
        ProcessRunner.Run("kill", ["-INT", build.Process.Id.ToString()], repo.Directory);
        var result = build.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, result.ExitCode);
        Assert.True(interrupted.Elapsed < TimeSpan.FromSeconds(15), $"took {interrupted.Elapsed} to stop");
        Assert.False(File.Exists(repo.StampFile));
        Assert.Null(DockerCli.ImageId($"{repo.ImageName}:latest"));
    }

    private static void AssertFailsWith(ProcessResult result, string code, string mentions)
    {
        Assert.True(result.ExitCode != 0, $"expected a failure:\n{result}");
        Assert.Contains($"error {code}:", result.Output);
        Assert.Contains(mentions, result.Output);
        Assert.DoesNotContain("   at ", result.Output); // no stack traces for user mistakes
    }
}
