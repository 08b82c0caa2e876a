using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>Experiments, CalibanRun and the job history, end to end: `dotnet build` targets on the packed SDK and the real engine.</summary>
[Collection("sdk")]
public sealed class RunTests(SdkFeed feed)
{
    // A trainer whose flags make it fail, sleep, or print an environment variable or a mounted file.
    private const string Trainer = """
        import os, sys, time
        args = sys.argv[1:]
        print('trainer args:', args, flush=True)
        def value(flag):
            return args[args.index(flag) + 1] if flag in args else None
        if value('--sleep'): time.sleep(float(value('--sleep')))
        if value('--env'): print('env', value('--env'), '=', os.environ.get(value('--env')))
        if value('--cat'): print('file says', open(value('--cat')).read().strip())
        if '--fail' in args:
            print('failing as asked', flush=True)
            sys.exit(3)
        print('done')
        """;

    private ResearchRepo Repo(string body = "") => new ResearchRepo(feed).WithTrainer().Write("trainer/train.py", Trainer).WithProject($"""
          <PropertyGroup><CalibanEntryPoint>trainer.train</CalibanEntryPoint></PropertyGroup>
        {body}
        """);

    [Fact]
    public void Expansion_is_machine_readable_for_ci()
    {
        using var repo = Repo("""
              <PropertyGroup><CalibanArgs>--data "/mnt/my data"</CalibanArgs><CalibanExperimentConfig>sweep.json</CalibanExperimentConfig></PropertyGroup>
              <ItemGroup><Experiment Include="baseline" Args="--lr 0.1 --note 'first try'" /></ItemGroup>
            """).Write("sweep.json", """
            // two learning rates, three seeds; the first key varies slowest
            { "lr": [1e-5, 1e2], "seed": [0, 1, 2], "verbose": true, "quiet": false, "tag": "" }
            """);
        var json = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json");

        var run = repo.Dotnet("msbuild", "-restore", "-t:CalibanExpandExperiments", "-getItem:CalibanJob", $"-getResultOutputFile:{json}");

        Assert.True(run.ExitCode == 0, run.ToString());
        var jobs = JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("Items").GetProperty("CalibanJob").EnumerateArray()
            .Select(item => JsonSerializer.Deserialize<string[]>(item.GetProperty("ArgumentsJson").GetString()!)!).ToArray();
        File.Delete(json);
        Assert.Equal(7, jobs.Length);
        Assert.Equal(["--data", "/mnt/my data", "--lr", "0.1", "--note", "first try"], jobs[0]);
        Assert.Equal(["--data", "/mnt/my data", "--lr", "1e-05", "--seed", "0", "--verbose", "--tag", ""], jobs[1]);
        Assert.Equal(["--data", "/mnt/my data", "--lr", "1e-05", "--seed", "1", "--verbose", "--tag", ""], jobs[2]);
        Assert.Equal(["--data", "/mnt/my data", "--lr", "100.0", "--seed", "2", "--verbose", "--tag", ""], jobs[6]);
    }

    [Fact]
    public void A_malformed_sweep_is_a_coded_error_naming_the_file_and_path()
    {
        using var repo = Repo("""<PropertyGroup><CalibanExperimentConfig>sweep.json</CalibanExperimentConfig></PropertyGroup>""")
            .Write("sweep.json", """{ "[a,b]": [1, 2, 3] }""");
        var run = repo.Dotnet("msbuild", "-restore", "-t:CalibanExpandExperiments");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches(@"error CAL14\d\d", run.Output);
        Assert.Contains("sweep.json", run.Output);
        Assert.Contains("[a,b]", run.Output);
    }

    [Fact]
    public void A_sweep_runs_records_its_jobs_and_a_failure_does_not_stop_the_others()
    {
        using var repo = Repo("""
              <PropertyGroup><CalibanExperimentConfig>sweep.json</CalibanExperimentConfig><CalibanExperimentGroup>e2e-sweep</CalibanExperimentGroup></PropertyGroup>
              <ItemGroup><CalibanEnv Include="GREETING" Value="hello-env" /></ItemGroup>
            """).Write("sweep.json", """[{ "seed": [0, 1] }, { "seed": 2, "fail": true }, { "env": "GREETING" }]""");

        var run = repo.Dotnet("build", "-t:CalibanRun");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("error CAL3301", run.Output);
        Assert.Contains("--seed 2 --fail", run.Output); // the failing job's arguments are named
        Assert.Contains("[seed=0] trainer args: ['--seed', '0']", run.Output);
        Assert.Contains("[env=GREETING] env GREETING = hello-env", run.Output);
        Assert.Contains("failing as asked", run.Output);

        var status = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-sweep", "-p:CalibanMaxJobs=0");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(3, Regex.Matches(status.Output, @"job \d+\s+SUCCEEDED\s+local").Count);
        Assert.Single(Regex.Matches(status.Output, @"job \d+\s+FAILED\s+local .* exit 3"));

        var logs = repo.Dotnet("build", "-t:CalibanLogs", "-p:CalibanExperimentGroup=e2e-sweep");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("failing as asked", logs.Output);
        Assert.Contains("trainer args: ['--seed', '1']", logs.Output);

        // Fix the code, resubmit: only the failed job runs again, on the rebuilt image.
        repo.Write("trainer/train.py", Trainer.Replace("sys.exit(3)", "pass"));
        var resubmit = repo.Dotnet("build", "-t:CalibanResubmit", "-p:CalibanExperimentGroup=e2e-sweep");
        Assert.True(resubmit.ExitCode == 0, resubmit.ToString());
        Assert.Contains("Resubmitting 1 job(s)", resubmit.Output);
        var after = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-sweep");
        Assert.DoesNotContain("FAILED", after.Output);
        Assert.Equal(0, DockerCli.Run("ps", "-aq", "--filter", "label=build.caliban.group=e2e-sweep").Output.Trim().Length);
    }

    [Fact]
    public void Resubmit_can_use_the_exact_recorded_image()
    {
        using var repo = Repo("""
              <PropertyGroup><CalibanExperimentGroup>e2e-recorded</CalibanExperimentGroup><CalibanArgs>--fail</CalibanArgs></PropertyGroup>
            """);
        var run = repo.Dotnet("build", "-t:CalibanRun");
        Assert.Contains("error CAL3301", run.Output);
        repo.Write("trainer/train.py", "print('new code')\n"); // would succeed, but the recorded image still fails

        var resubmit = repo.Dotnet("build", "-t:CalibanResubmit", "-p:CalibanExperimentGroup=e2e-recorded", "-p:CalibanResubmitImage=recorded");

        Assert.Contains("error CAL3301", resubmit.Output);
        Assert.Contains("failing as asked", resubmit.Output);
        Assert.DoesNotContain("new code", resubmit.Output);
        Assert.DoesNotContain("Building image", resubmit.Output); // nothing rebuilt
    }

    [Fact]
    public void Dry_run_touches_nothing()
    {
        using var repo = Repo("""<ItemGroup><Experiment Include="one" Args="--seed 1" /><Experiment Include="two" Args="--seed 2" /></ItemGroup>""");

        var run = repo.Dotnet("build", "-t:CalibanRun", "-p:CalibanDryRun=true");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Dry run: 2 job(s)", run.Output);
        Assert.Contains("job 1 two: --seed 2", run.Output);
        Assert.False(File.Exists(repo.StampFile));
        Assert.False(File.Exists(repo.JobStore));
    }

    [Fact]
    public void Mounts_and_parallel_jobs()
    {
        using var repo = Repo("""
              <PropertyGroup><CalibanMaxParallel>2</CalibanMaxParallel><CalibanExperimentGroup>e2e-mount</CalibanExperimentGroup></PropertyGroup>
              <ItemGroup>
                <CalibanMount Include="inputs" ContainerPath="/inputs" ReadOnly="true" />
                <Experiment Include="a" Args="--cat /inputs/note.txt --sleep 2" />
                <Experiment Include="b" Args="--sleep 2" />
              </ItemGroup>
            """).Write("inputs/note.txt", "mounted at run time\n");
        Assert.Equal(0, repo.Dotnet("build").ExitCode); // the image first, so only the run is timed

        var watch = Stopwatch.StartNew();
        var run = repo.Dotnet("build", "-t:CalibanRun", "--no-restore");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[a] file says mounted at run time", run.Output);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2 * 2 + 3.5), $"two 2-second jobs, 2 at a time, took {watch.Elapsed}");
    }

    [Fact]
    public void Stop_from_another_process_and_ctrl_c_leave_no_container_and_record_stopped()
    {
        using var repo = Repo("""
              <PropertyGroup><CalibanExperimentGroup>e2e-stop</CalibanExperimentGroup><CalibanMaxParallel>2</CalibanMaxParallel></PropertyGroup>
              <ItemGroup><Experiment Include="long" Args="--sleep 120" /><Experiment Include="longer" Args="--sleep 150" /></ItemGroup>
            """);
        Assert.Equal(0, repo.Dotnet("build").ExitCode);

        using var run = repo.StartDotnet(["build", "-t:CalibanRun", "--no-restore"]);
        WaitFor(() => Regex.Matches(run.Output, "trainer args").Count == 2, run);

        // Every container says which group, experiment and history job it is.
        var labels = DockerCli.Run("ps", "--filter", "label=build.caliban.group=e2e-stop", "--format", "{{.Labels}}").Output;
        Assert.Equal(2, Regex.Matches(labels, @"build\.caliban\.experiment=\d+").Count);
        Assert.Equal(2, Regex.Matches(labels, @"build\.caliban\.job=\d+").Count);

        // CalibanLogsFollow streams the running jobs' output and keeps going while they run.
        using var follow = repo.StartDotnet(["build", "-t:CalibanLogs", "--no-restore", "-p:CalibanExperimentGroup=e2e-stop", "-p:CalibanLogsFollow=true"]);
        WaitFor(() => follow.Output.Contains("trainer args", StringComparison.Ordinal), follow);
        Thread.Sleep(1000);
        Assert.False(follow.Process.HasExited, follow.Output);

        var stop = repo.Dotnet("build", "-t:CalibanStop", "-p:CalibanExperimentGroup=e2e-stop");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("Stopped job", stop.Output);
        var finished = run.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, finished.ExitCode);
        var followed = follow.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(followed.ExitCode == 0, followed.ToString());

        var status = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-stop");
        Assert.True(Regex.Matches(status.Output, @"job \d+\s+STOPPED").Count == 2, $"{status}\n--- stop:\n{stop}\n--- run:\n{finished}");
        Assert.Equal(0, DockerCli.Run("ps", "-aq", "--filter", "label=build.caliban.group=e2e-stop").Output.Trim().Length);

        // Ctrl+C on a run: its containers go within seconds, its jobs are STOPPED.
        using var second = repo.StartDotnet(["build", "-t:CalibanRun", "--no-restore", "-p:CalibanExperimentGroup=e2e-ctrl-c"]);
        WaitFor(() => Regex.Matches(second.Output, "trainer args").Count == 2, second);
        var interrupted = Stopwatch.StartNew();
        ProcessRunner.Run("kill", ["-INT", second.Process.Id.ToString()], repo.Directory);
        var result = second.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, result.ExitCode);
        Assert.True(interrupted.Elapsed < TimeSpan.FromSeconds(20), $"took {interrupted.Elapsed}");
        Assert.Equal(0, DockerCli.Run("ps", "-aq", "--filter", "label=build.caliban.group=e2e-ctrl-c").Output.Trim().Length);
        var afterCtrlC = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-ctrl-c");
        Assert.True(Regex.Matches(afterCtrlC.Output, @"job \d+\s+STOPPED").Count == 2, $"{afterCtrlC}\n--- run:\n{result}");
    }

    [Fact]
    public void Two_runs_of_one_group_at_once_are_both_recorded()
    {
        using var repo = Repo("""
              <PropertyGroup><CalibanExperimentGroup>e2e-twice</CalibanExperimentGroup></PropertyGroup>
              <ItemGroup><Experiment Include="x" Args="--sleep 1 --seed 1" /><Experiment Include="y" Args="--sleep 1 --seed 2" /></ItemGroup>
            """);
        Assert.Equal(0, repo.Dotnet("build").ExitCode);

        using var first = repo.StartDotnet(["build", "-t:CalibanRun", "--no-restore"]);
        using var second = repo.StartDotnet(["build", "-t:CalibanRun", "--no-restore"]);
        var results = new[] { first.WaitForExit(TimeSpan.FromMinutes(2)), second.WaitForExit(TimeSpan.FromMinutes(2)) };

        Assert.All(results, result => Assert.True(result.ExitCode == 0, result.ToString()));
        var status = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-twice", "-p:CalibanMaxJobs=0");
        Assert.Equal(4, Regex.Matches(status.Output, @"job \d+\s+SUCCEEDED\s+local").Count);
        Assert.Equal(2, Regex.Matches(status.Output, @"experiment \d+ ").Count); // same arguments, same experiments
    }

    private static void WaitFor(Func<bool> condition, RunningProcess process)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.Process.HasExited, $"the run ended early:\n{process.Output}");
            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(2), $"timed out waiting:\n{process.Output}");
            Thread.Sleep(200);
        }
    }
}
