using System.Text.RegularExpressions;
using Caliban.Cli.Tests.Infrastructure;

namespace Caliban.Cli.Tests;

/// <summary>
/// Every MSBuild-backed command end to end: the installed `caliban` tool as a real process, the packed SDK resolved
/// from the repo's nuget.config, the real Docker engine. Repos with no project file and with one.
/// </summary>
[Collection("cli")]
public sealed class CommandTests(ToolFeed feed)
{
    private const string Sweep = """
        // Caliban's own format: comments allowed; the first key varies slowest
        { "lr": [0.1, 0.01], "verbose": true }
        """;

    [Fact]
    public void A_plain_caliban_repo_runs_a_sweep_without_any_project_file_and_status_shows_it()
    {
        using var repo = new CliRepo(feed).Write("sweep.json", Sweep);

        var run = repo.Caliban("run", "trainer.train", "--nogpu", "--experiment_config", "sweep.json", "--xgroup", "plain", "--", "--data", "/mnt/my data", "it's", "100%25", "$(X)");

        Assert.True(run.ExitCode == 0, run.ToString());
        // Exactly as typed: quotes, spaces, and what MSBuild would otherwise unescape (%25) or expand ($(X)).
        Assert.Contains("trainer args: ['--data', '/mnt/my data', \"it's\", '100%25', '$(X)', '--lr', '0.1', '--verbose']", run.Output);
        Assert.Contains("trainer args: ['--data', '/mnt/my data', \"it's\", '100%25', '$(X)', '--lr', '0.01', '--verbose']", run.Output);
        Assert.DoesNotContain("   at ", run.Output);
        // Users write nothing: no project file appears, only the SDK's obj/caliban/.
        Assert.Empty(Directory.EnumerateFiles(repo.Directory, "*proj"));
        Assert.True(File.Exists(Path.Combine(repo.Directory, "obj", "caliban", "Dockerfile")));
        Assert.NotNull(DockerCli.ImageId(repo.ImageName + ":latest"));

        var status = repo.Caliban("status", "--xgroup", "plain", "--max_jobs", "0");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("xgroup plain", status.Output);
        Assert.Equal(2, Regex.Matches(status.Output, "SUCCEEDED").Count);
        Assert.Contains("--lr 0.01 --verbose", status.Output);

        var again = repo.Caliban("build", "trainer.train", "--nogpu", "-v");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Matches("is up to date|Skipping target \"_CalibanBuildImage\"", again.Output);
        Assert.DoesNotContain("Building image ", again.Output);
    }

    [Fact]
    public void A_repo_with_a_project_file_builds_its_entry_point_and_flags_override_the_project()
    {
        using var repo = new CliRepo(feed)
            .WithProject("<PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint><CalibanUseGpu>false</CalibanUseGpu></PropertyGroup>")
            .Write("scripts/other.py", "print('other script ran')\n")
            .Write("data/one.txt", "1\n");

        var build = repo.Caliban("build", "-d", "data");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(@"(?m)^COPY .*data /usr/app/data", File.ReadAllText(Path.Combine(repo.Directory, "obj", "caliban", "Dockerfile")));

        var dry = repo.Caliban("run", "--dry_run", "--", "--seed", "7");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("Dry run: 1 job(s)", dry.Output);
        Assert.Contains("--seed 7", dry.Output);

        var other = repo.Caliban("run", "scripts/other.py", "--xgroup", "other");
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Contains("other script ran", other.Output);
    }

    [Fact]
    public void A_given_image_runs_without_building_and_a_sweep_can_come_from_stdin()
    {
        using var repo = new CliRepo(feed).WithProject("<PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint><CalibanUseGpu>false</CalibanUseGpu></PropertyGroup>");
        Assert.True(repo.Caliban("build").ExitCode == 0);
        var image = DockerCli.ImageId(repo.ImageName + ":latest")!;
        File.Delete(Path.Combine(repo.Directory, "trainer", "train.py")); // a build now would fail: the module is gone

        var run = repo.Caliban(["run", "trainer.train", "--image_id", image, "--experiment_config", "stdin", "--xgroup", "given"], null, stdin: """{ "seed": [1, 2] }""");

        // The module check happens first (a usage error): so run the given image by the project's entry point instead.
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error CAL1706", run.Output);
        repo.Write("trainer/train.py", "import sys\nprint('new code', sys.argv[1:])\n");
        run = repo.Caliban(["run", "trainer.train", "--image_id", image, "--experiment_config", "stdin", "--xgroup", "given"], null, stdin: """{ "seed": [1, 2] }""");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("trainer args: ['--seed', '1']", run.Output); // the old image's code, not a rebuild
        Assert.Contains("trainer args: ['--seed', '2']", run.Output);
        Assert.DoesNotContain("new code", run.Output);
    }

    [Fact]
    public void A_failed_job_exits_1_and_resubmit_reruns_it_on_the_fixed_code_without_prompting_a_script()
    {
        using var repo = new CliRepo(feed);

        var run = repo.Caliban("run", "trainer.train", "--nogpu", "--xgroup", "fix", "--", "--fail");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("failing as asked", run.Output);
        Assert.Matches(@"(?m)^error CAL3301: 1 job\(s\) of group fix did not succeed", run.Output);
        Assert.Contains("caliban resubmit --xgroup fix", run.Output);

        repo.Write("trainer/train.py", "import sys\nprint('fixed', sys.argv[1:])\n");
        var dry = repo.Caliban("resubmit", "--xgroup", "fix", "--dry_run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("1 job(s) of group fix to resubmit", dry.Output);
        Assert.Contains("FAILED", dry.Output);

        var resubmit = repo.Caliban("resubmit", "--xgroup", "fix");
        Assert.True(resubmit.ExitCode == 0, resubmit.ToString());
        Assert.Contains("fixed ['--fail']", resubmit.Output);
        var status = repo.Caliban("status", "--xgroup", "fix", "--max_jobs", "0");
        Assert.Contains("FAILED", status.Output);
        Assert.Contains("SUCCEEDED", status.Output);
    }

    [Fact]
    public void Stop_stops_a_running_sweep_and_records_it()
    {
        using var repo = new CliRepo(feed);
        Assert.True(repo.Caliban("build", "trainer.train", "--nogpu").ExitCode == 0);
        using var running = repo.Start(["run", "trainer.train", "--nogpu", "--xgroup", "long", "--", "--sleep", "120"]);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!running.Output.Contains("trainer args:") && DateTime.UtcNow < deadline && !running.Process.HasExited) Thread.Sleep(500);
        Assert.Contains("trainer args:", running.Output);

        var dry = repo.Caliban("stop", "--xgroup", "long", "--dry_run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains("RUNNING", dry.Output);
        Assert.Contains("nothing was stopped", dry.Output);

        var stop = repo.Caliban("stop", "--xgroup", "long", "--yes");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("Stopped job", stop.Output);
        running.WaitForExit(TimeSpan.FromMinutes(2));
        var status = repo.Caliban("status", "--xgroup", "long");
        Assert.Contains("STOPPED", status.Output);
        Assert.Contains("No running jobs to stop in group long.", repo.Caliban("stop", "--xgroup", "long").Output);
    }
}
