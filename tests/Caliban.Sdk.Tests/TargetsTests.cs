using System.Text.Json;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>
/// The packed props/targets evaluated and run target by target (`dotnet msbuild -t:X -getProperty/-getItem`), asserting on
/// properties, items and diagnostics. No image is built here.
/// </summary>
[Collection("sdk")]
public sealed class TargetsTests(SdkFeed feed)
{
    [Fact]
    public void Calibanconfig_per_mode_base_image_and_apt_packages_are_honoured()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup>
                <CalibanBaseImage></CalibanBaseImage>
                <CalibanUseGpu>false</CalibanUseGpu>
              </PropertyGroup>
              <ItemGroup><CalibanAptPackage Include="zlib1g" /></ItemGroup>
            """).Write(".calibanconfig.json", """
            // Caliban's own config file, as an old Caliban repo has it
            {
              "base_image": {"cpu": "example.org/research/base:{}-1", "gpu": "example.org/research/base:{}-2"},
              "apt_packages": {"cpu": ["curl", "git"], "gpu": ["nvidia-smi"]}
            }
            """);

        var result = Evaluate(repo, "CalibanResolveConfig", ["CalibanJobMode", "CalibanResolvedBaseImage"], ["_CalibanResolvedAptPackage"]);

        Assert.Equal("cpu", result.Property("CalibanJobMode"));
        Assert.Equal("example.org/research/base:cpu-1", result.Property("CalibanResolvedBaseImage"));
        Assert.Equal(["curl", "git", "zlib1g"], result.Items("_CalibanResolvedAptPackage"));
    }

    [Fact]
    public void The_project_property_wins_over_calibanconfig()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanUseGpu>true</CalibanUseGpu></PropertyGroup>
            """).Write(".calibanconfig.json", """{ "base_image": "example.org/other:1" }""");

        var result = Evaluate(repo, "CalibanResolveConfig", ["CalibanJobMode", "CalibanResolvedBaseImage"], []);

        Assert.Equal("gpu", result.Property("CalibanJobMode"));
        Assert.Equal(feed.BaseImage, result.Property("CalibanResolvedBaseImage"));
    }

    [Fact]
    public void Invalid_use_gpu_value_is_a_coded_error()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanUseGpu>maybe</CalibanUseGpu></PropertyGroup>
            """);
        var run = repo.Dotnet("msbuild", "-t:CalibanResolveConfig");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error CAL1008", run.Output);
        Assert.Contains("CalibanUseGpu", run.Output);
    }

    [Fact]
    public void Context_holds_only_what_the_dockerfile_copies_minus_ignored_and_credentials()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint><CalibanUseGpu>false</CalibanUseGpu></PropertyGroup>
              <ItemGroup><CalibanExtraDir Include="configs" /><CalibanContextExclude Include="configs/local-*.yaml" /></ItemGroup>
            """)
            .Write(".dockerignore", "trainer/scratch/\n")
            .Write("trainer/model.py", "# model\n")
            .Write("trainer/scratch/big.bin", "scratch")
            .Write("trainer/key.json", """{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}""")
            .Write("configs/base.yaml", "lr: 1\n")
            .Write("configs/local-mine.yaml", "lr: 2\n")
            .Write("data/huge.csv", "a,b\n")
            .Write("notes.md", "not copied: outside every COPY root\n");

        var result = Evaluate(repo, "_CalibanCollectContext", [], ["CalibanContextFile"]);

        Assert.Equal(["configs/base.yaml", "requirements.txt", "trainer/__init__.py", "trainer/model.py", "trainer/train.py"],
            result.Items("CalibanContextFile", metadata: "RelativePath").Order(StringComparer.Ordinal));
        Assert.Contains("warning CAL1101", result.Output);
        Assert.Contains("trainer/key.json", result.Output);
    }

    [Fact]
    public void Dockerfile_is_rewritten_only_when_its_text_changes()
    {
        using var repo = new ResearchRepo(feed).WithTrainer().WithProject("""
              <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint><CalibanUseGpu>false</CalibanUseGpu></PropertyGroup>
            """);
        var dockerfile = Path.Combine(repo.CalibanObj, "Dockerfile");
        Evaluate(repo, "CalibanGenerateDockerfile", [], []);
        var text = File.ReadAllText(dockerfile);
        var written = File.GetLastWriteTimeUtc(dockerfile);
        Thread.Sleep(50);

        Evaluate(repo, "CalibanGenerateDockerfile", [], []);
        Assert.Equal(written, File.GetLastWriteTimeUtc(dockerfile));

        repo.Write("setup.py", "from setuptools import setup\nsetup(name='t')\n");
        Evaluate(repo, "CalibanGenerateDockerfile", [], []);
        Assert.NotEqual(text, File.ReadAllText(dockerfile));
        Assert.Contains("COPY setup.py /usr/app/setup.py", File.ReadAllText(dockerfile));
    }

    private sealed record Evaluation(JsonElement Json, string Output)
    {
        public string Property(string name) => Json.GetProperty("Properties").GetProperty(name).GetString()!;

        public string[] Items(string name, string? metadata = null) => Json.GetProperty("Items").GetProperty(name).EnumerateArray()
            .Select(item => metadata is null ? item.GetProperty("Identity").GetString()! : item.GetProperty(metadata).GetString()!)
            .ToArray();
    }

    private static Evaluation Evaluate(ResearchRepo repo, string target, string[] properties, string[] items)
    {
        var json = Path.Combine(repo.Directory, "..", Path.GetFileName(repo.Directory) + ".json");
        string[] arguments =
        [
            "msbuild", "-restore", $"-t:{target}", $"-getResultOutputFile:{json}",
            .. properties.Select(p => $"-getProperty:{p}"), .. items.Select(i => $"-getItem:{i}"),
        ];
        var run = repo.Dotnet(arguments);
        Assert.True(run.ExitCode == 0, run.ToString());
        try
        {
            var document = properties.Length + items.Length == 0 ? default : JsonDocument.Parse(File.ReadAllText(json)).RootElement.Clone();
            return new Evaluation(document, run.Output);
        }
        finally
        {
            File.Delete(json);
        }
    }
}
