using System.Text.RegularExpressions;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>`dotnet build` on a research repo against the packed SDK and the real engine: the image, its labels, incrementality.</summary>
[Collection("sdk")]
public sealed class ImageBuildTests(SdkFeed feed)
{
    [Fact]
    public void Build_produces_a_runnable_labelled_image_and_no_dll()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint></PropertyGroup>
            """);

        var build = repo.Dotnet("build");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Path.Combine(repo.CalibanObj, "Dockerfile")));
        var latest = $"{repo.ImageName}:latest";
        Assert.NotNull(DockerCli.ImageId(latest));
        Assert.Matches(@":[0-9a-f]{12}$", ImageBuildTests.BuiltTag(build)); // tagged with its fingerprint
        Assert.Equal(feed.BaseImage, DockerCli.Label(latest, "org.opencontainers.image.base.name"));
        Assert.Equal(repo.ImageName, DockerCli.Label(latest, "org.opencontainers.image.title"));
        Assert.Equal(repo.ProjectName, DockerCli.Label(latest, "build.caliban.project"));
        Assert.Empty(Directory.GetFiles(repo.Directory, "*.dll", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(repo.Directory, "bin")));

        var run = DockerCli.Run("run", "--rm", latest, "--learning_rate", "0.1");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("trainer args: ['--learning_rate', '0.1']", run.Output);
    }

    [Fact]
    public void Incremental_builds_skip_the_engine_and_rebuild_only_what_changed()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint></PropertyGroup>
              <ItemGroup><CalibanAptPackage Include="file" /></ItemGroup>
            """);
        var first = repo.Dotnet("build", "-t:CalibanBuild");
        Assert.True(first.ExitCode == 0, first.ToString());
        var firstTag = BuiltTag(first);

        // Nothing changed: the build target is skipped and the build API is not called.
        var noop = repo.Dotnet("build", "-t:CalibanBuild", "--no-restore", "-v:n");
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.DoesNotContain("Building image", noop.Output);
        Assert.Contains("Skipping target \"_CalibanBuildImage\"", noop.Output);

        // A code edit rebuilds only the code layer: every step before the code COPY comes from cache.
        repo.Write("trainer/train.py", "import sys\nprint('trainer v2 args:', sys.argv[1:])\n");
        var codeEdit = repo.Dotnet("build", "-t:CalibanBuild", "--no-restore");
        Assert.True(codeEdit.ExitCode == 0, codeEdit.ToString());
        var (steps, cached) = StepCounts(codeEdit);
        Assert.Equal(StepsBefore(codeEdit, "COPY --chown") - 1, cached); // FROM is never "from cache"
        Assert.True(steps > cached);
        Assert.NotEqual(firstTag, BuiltTag(codeEdit));
        Assert.Contains("trainer v2", DockerCli.Run("run", "--rm", $"{repo.ImageName}:latest").Output);

        // A requirements change rebuilds from the requirements step on.
        repo.Write("requirements.txt", "# still no dependencies, but different\n");
        var depsEdit = repo.Dotnet("build", "-t:CalibanBuild", "--no-restore");
        Assert.True(depsEdit.ExitCode == 0, depsEdit.ToString());
        Assert.Equal(StepsBefore(depsEdit, "COPY requirements.txt") - 1, StepCounts(depsEdit).Cached);
    }

    [Fact]
    public void A_deleted_image_is_noticed_and_built_again()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint></PropertyGroup>
            """);
        var first = repo.Dotnet("build");
        Assert.True(first.ExitCode == 0, first.ToString());
        DockerCli.RemoveRepository(repo.ImageName);

        var again = repo.Dotnet("build", "--no-restore");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("is no longer in the engine", again.Output);
        Assert.Equal(BuiltTag(first), BuiltTag(again));
        Assert.NotNull(DockerCli.ImageId(BuiltTag(again)));
    }

    [Fact]
    public void Versioned_sdk_reference_works_without_global_json_and_clean_removes_generated_files()
    {
        using var repo = new ResearchRepo(feed, pinWithGlobalJson: false).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer/train.py</CalibanEntryPoint></PropertyGroup>
            """);
        var build = repo.Dotnet("build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("ENTRYPOINT [\"python\", \"trainer/train.py\"]", File.ReadAllText(Path.Combine(repo.CalibanObj, "Dockerfile")));

        var clean = repo.Dotnet("clean");

        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(Directory.Exists(repo.CalibanObj));
        Assert.NotNull(DockerCli.ImageId($"{repo.ImageName}:latest")); // Clean leaves images alone
    }

    [Fact]
    public void Users_own_dockerfile_is_built_as_it_is()
    {
        using var repo = new ResearchRepo(feed).WithProject("""
              <PropertyGroup><CalibanDockerfile>docker/Dockerfile</CalibanDockerfile></PropertyGroup>
              <ItemGroup><CalibanBuildArg Include="GREETING" Value="hello from a build arg" /></ItemGroup>
            """);
        repo.Write("docker/Dockerfile", $"FROM {feed.BaseImage}\nARG GREETING\nCOPY app.py /app.py\nRUN echo \"$GREETING\" > /greeting\nENTRYPOINT [\"python\", \"/app.py\"]\n");
        repo.Write("app.py", "print(open('/greeting').read().strip())\n");

        var build = repo.Dotnet("build");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.False(File.Exists(Path.Combine(repo.CalibanObj, "Dockerfile")));
        Assert.Contains("hello from a build arg", DockerCli.Run("run", "--rm", $"{repo.ImageName}:latest").Output);
    }

    internal static string BuiltTag(ProcessResult result) =>
        Regex.Match(result.Output, @"(?:Built image|Image) (\S+:[0-9a-f]{12})").Groups[1].Value;

    internal static (int Steps, int Cached) StepCounts(ProcessResult result)
    {
        var summary = Regex.Match(result.Output, @"Built image \S+ \(\S+\): (\d+) steps, (\d+) from cache");
        Assert.True(summary.Success, result.ToString());
        return (int.Parse(summary.Groups[1].Value), int.Parse(summary.Groups[2].Value));
    }

    // How many build steps come before the first step whose instruction starts with the given text.
    private static int StepsBefore(ProcessResult result, string instruction)
    {
        var step = Regex.Match(result.Output, @"Step (\d+)/\d+ : " + Regex.Escape(instruction));
        Assert.True(step.Success, $"no step '{instruction}' in:\n{result}");
        return int.Parse(step.Groups[1].Value) - 1;
    }
}
