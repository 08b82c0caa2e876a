using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>`dotnet new caliban` from the packed template package gives a research repo that builds and runs.</summary>
[Collection("sdk")]
public sealed class TemplateTests(SdkFeed feed)
{
    [Fact]
    public void New_project_from_the_template_builds_and_runs()
    {
        var hive = Directory.CreateTempSubdirectory("caliban-hive-").FullName;
        var output = Directory.CreateTempSubdirectory("caliban-template-").FullName;
        var imageName = $"caliban-e2e-tpl-{Guid.NewGuid():N}"[..28];
        try
        {
            Dotnet(output, "new", "install", feed.TemplatesPackage, "--debug:custom-hive", hive);
            Dotnet(output, "new", "caliban", "-n", "mnist", "-o", "mnist", "--debug:custom-hive", hive);
            var project = Path.Combine(output, "mnist");

            foreach (var file in new[] { "mnist.calibanproj", "global.json", "trainer/__init__.py", "trainer/train.py",
                         "requirements.txt", "sweep.json", ".dockerignore", ".gitignore", "README.md" })
                Assert.True(File.Exists(Path.Combine(project, file)), $"the template did not produce {file}");
            Assert.Contains($"\"Caliban.Sdk\": \"{feed.Version}\"", File.ReadAllText(Path.Combine(project, "global.json")));
            Assert.Contains("Sdk=\"Caliban.Sdk\"", File.ReadAllText(Path.Combine(project, "mnist.calibanproj")));

            File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
                <configuration><packageSources><clear /><add key="local" value="{feed.FeedDirectory}" /></packageSources></configuration>
                """);
            var build = ProcessRunner.Run("dotnet",
                ["build", "-nodeReuse:false", $"-p:CalibanBaseImage={feed.BaseImage}", $"-p:CalibanImageName={imageName}"],
                project, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = feed.PackagesDirectory, ["MSBUILDTERMINALLOGGER"] = "off" });
            Assert.True(build.ExitCode == 0, build.ToString());

            var run = DockerCli.Run("run", "--rm", $"{imageName}:latest", "--epochs", "1");
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        finally
        {
            DockerCli.RemoveRepository(imageName);
            Directory.Delete(hive, recursive: true);
            Directory.Delete(output, recursive: true);
        }
    }

    private static void Dotnet(string directory, params string[] arguments)
    {
        var result = ProcessRunner.Run("dotnet", arguments, directory);
        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
