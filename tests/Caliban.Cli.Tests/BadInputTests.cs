using Caliban.Cli.Tests.Infrastructure;

namespace Caliban.Cli.Tests;

/// <summary>
/// Bad input tried as a new user would, against the installed tool: each mistake is one line (what is wrong, what to
/// do), no stack trace, and an exit code scripts can rely on (2 usage, 3 environment).
/// </summary>
[Collection("cli")]
public sealed class BadInputTests(ToolFeed feed)
{
    private static void AssertOneLine(ProcessResult result, int exitCode, string code, params string[] mentions)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith($"error {code}: ", lines[0]);
        foreach (var mention in mentions) Assert.Contains(mention, lines[0]);
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void An_unknown_flag_suggests_the_closest_one()
    {
        using var repo = new CliRepo(feed);
        AssertOneLine(repo.Caliban("run", "trainer.train", "--experimnt_config", "sweep.json"), 2, "CAL1701", "'--experiment_config'", "caliban run --help");
    }

    [Fact]
    public void A_flag_of_another_command_says_where_it_belongs()
    {
        using var repo = new CliRepo(feed);
        AssertOneLine(repo.Caliban("run", "trainer.train", "--gpu_spec", "2xV100"), 2, "CAL1702", "caliban cloud");
    }

    [Fact]
    public void A_module_that_does_not_exist_is_named_with_what_was_looked_for()
    {
        using var repo = new CliRepo(feed);
        AssertOneLine(repo.Caliban("run", "trainer.trian", "--nogpu"), 2, "CAL1706", "trainer.trian", "trainer/trian.py");
    }

    [Fact]
    public void No_module_in_a_repo_without_a_project_says_how_to_give_one()
    {
        using var repo = new CliRepo(feed);
        AssertOneLine(repo.Caliban("build"), 2, "CAL1711", "caliban build trainer.train");
    }

    [Fact]
    public void Nogpu_with_a_gpu_spec_is_refused()
    {
        using var repo = new CliRepo(feed);
        AssertOneLine(repo.Caliban("cloud", "trainer.train", "--nogpu", "--gpu_spec", "2xV100"), 2, "CAL1707", "--nogpu", "--gpu_spec");
    }

    [Fact]
    public void A_broken_sweep_is_refused_before_anything_is_built()
    {
        using var repo = new CliRepo(feed).Write("sweep.json", """{ "[a,b]": [1, 2, 3] }""");
        AssertOneLine(repo.Caliban("run", "trainer.train", "--experiment_config", "sweep.json"), 2, "CAL1408", "[a,b]");
    }

    [Fact]
    public void Resubmit_without_a_group_says_to_name_one()
    {
        using var repo = new CliRepo(feed);
        AssertOneLine(repo.Caliban("resubmit"), 2, "CAL1714", "--xgroup");
    }

    [Fact]
    public void No_docker_engine_is_exit_code_3_with_the_endpoint_and_the_fix()
    {
        using var repo = new CliRepo(feed);
        var result = repo.Caliban(["build", "trainer.train", "--nogpu"], new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/caliban-cli-no-engine.sock" });
        AssertOneLine(result, 3, "CAL3001", "unix:///tmp/caliban-cli-no-engine.sock", "DOCKER_HOST");
    }

    [Fact]
    public void No_dotnet_sdk_is_exit_code_3_saying_what_to_install()
    {
        using var repo = new CliRepo(feed);
        // A .NET installation with the runtime but no SDK: the real host and shared runtimes, no sdk/ folder.
        var real = Path.GetDirectoryName(Path.GetFullPath(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : "/usr/share/dotnet/dotnet"))!;
        var fake = Directory.CreateTempSubdirectory("caliban-cli-nosdk-").FullName;
        try
        {
            File.Copy(Path.Combine(real, "dotnet"), Path.Combine(fake, "dotnet"));
            foreach (var folder in new[] { "host", "shared" }) Directory.CreateSymbolicLink(Path.Combine(fake, folder), Path.Combine(real, folder));
            var result = repo.Caliban(["build", "trainer.train"], new Dictionary<string, string?>
            {
                ["DOTNET_ROOT"] = fake,
                ["PATH"] = fake + ":/usr/bin:/bin",
                ["DOTNET_HOST_PATH"] = Path.Combine(fake, "dotnet"),
            });
            AssertOneLine(result, 3, "CAL1712", ".NET", "SDK");
        }
        finally
        {
            Directory.Delete(fake, recursive: true);
        }
    }
}
