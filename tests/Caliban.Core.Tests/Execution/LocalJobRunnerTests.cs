using System.Diagnostics;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Execution;
using Caliban.Core.Tests.Context;

namespace Caliban.Core.Tests.Execution;

/// <summary>Local runs against the real engine, with tiny python and sh jobs.</summary>
[Collection(RunnerCollection.Name)]
public sealed class LocalJobRunnerTests(RunnerFixture fixture) : IAsyncLifetime
{

    [Fact]
    public async Task Arguments_reach_the_entry_point_exactly_and_the_environment_is_set()
    {
        var arguments = new[] { "", "two words", "--lr=0.1", "quote\"d", "ümlaut" };
        var script = "import json, os, sys; print(json.dumps({'argv': sys.argv[1:], 'entry': os.environ['CALIBAN_TEST_ENTRYPOINT'], " +
                     "'unbuffered': os.environ.get('PYTHONUNBUFFERED'), 'mine': os.environ.get('MY_SETTING')}))";
        var job = new LocalJob(0, "args", ["python3", "-c", script, .. arguments]);
        var request = fixture.Request(job) with { Environment = new Dictionary<string, string> { ["MY_SETTING"] = "a b=c" } };
        var observer = new RecordingRunObserver();

        var result = Assert.Single(await RunAsync(request, observer));

        Assert.Equal(LocalJobOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Error);
        var seen = JsonDocument.Parse(Assert.Single(observer.Lines(job))).RootElement;
        Assert.Equal(arguments, seen.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("yes", seen.GetProperty("entry").GetString());
        Assert.Equal("1", seen.GetProperty("unbuffered").GetString());
        Assert.Equal("a b=c", seen.GetProperty("mine").GetString());
    }

    [Fact]
    public async Task Output_is_streamed_line_by_line_while_the_job_runs_and_written_to_its_log()
    {
        var script = "import sys, time\n" +
                     "print('first')\n" +
                     "time.sleep(1.5)\n" +
                     "for i in range(3):\n    print(f'out {i}'); print(f'err {i}', file=sys.stderr)\n" +
                     "print()\n" +
                     "sys.stdout.write('last without newline')\n";
        var job = new LocalJob(7, "stream me/please", ["python3", "-c", script]);
        var observer = new RecordingRunObserver();
        var request = fixture.Request(job);

        var result = Assert.Single(await RunAsync(request, observer));

        Assert.Equal(LocalJobOutcome.Succeeded, result.Outcome);
        var lines = observer.Lines(job);
        Assert.Equal(["first", "out 0", "out 1", "out 2", "", "last without newline"], lines.Where(l => !l.StartsWith("err", StringComparison.Ordinal)));
        Assert.Equal(["err 0", "err 1", "err 2"], lines.Where(l => l.StartsWith("err", StringComparison.Ordinal)));
        Assert.True(observer.At("finished", job) - observer.At("output", job, "first") > TimeSpan.FromSeconds(1),
            "the first line arrived only when the job ended");

        Assert.Equal(Path.Combine(request.LogDirectory, "job-7-stream_me_please.log"), result.LogPath);
        Assert.Equal(string.Join("\n", lines) + "\n", await File.ReadAllTextAsync(result.LogPath!));
        var started = observer.Events.Single(e => e.Event == "started");
        Assert.Equal(result.ContainerId, started.Text);
        Assert.Equal(["starting", "started", "output", "finished"], observer.Events.Select(e => e.Event).Distinct());
    }

    [Fact]
    public async Task A_failing_job_is_Failed_with_its_exit_code_and_the_others_still_run()
    {
        LocalJob[] jobs = [new(1, "ok", ["sh", "-c", "echo one"]), new(2, "bad", ["sh", "-c", "echo two; exit 3"]), new(3, "ok again", ["sh", "-c", "echo three"])];
        var observer = new RecordingRunObserver();

        var results = await RunAsync(fixture.Request(jobs), observer);

        Assert.Equal(jobs, results.Select(r => r.Job));
        Assert.Equal([LocalJobOutcome.Succeeded, LocalJobOutcome.Failed, LocalJobOutcome.Succeeded], results.Select(r => r.Outcome));
        Assert.Equal([0, 3, 0], results.Select(r => r.ExitCode));
        Assert.Contains("exited with code 3", results[1].Error);
        Assert.Equal(["two"], observer.Lines(jobs[1]));
        Assert.All(results, r => Assert.True(r.StartedAt <= r.FinishedAt));
        Assert.True(results[0].FinishedAt <= results[1].StartedAt && results[1].FinishedAt <= results[2].StartedAt, "one at a time, in order");
        Assert.Equal(1, observer.MaxRunning);
    }

    [Fact]
    public async Task MaxParallel_two_overlaps_jobs_and_never_runs_more()
    {
        // Each job ends with output lacking a newline on both streams: the engine's log follower loses such lines now and then.
        LocalJob[] jobs = [.. Enumerable.Range(0, 4).Select(i => new LocalJob(i, $"sleeper {i}", ["sh", "-c", $"sleep 1; printf 'out {i}'; printf 'err {i}' >&2"]))];
        var observer = new RecordingRunObserver();
        var clock = Stopwatch.StartNew();

        var results = await RunAsync(fixture.Request(jobs) with { MaxParallel = 2 }, observer);

        Assert.All(results, r => Assert.Equal(LocalJobOutcome.Succeeded, r.Outcome));
        Assert.All(jobs, job => Assert.Equal([$"err {job.Index}", $"out {job.Index}"], observer.Lines(job).Order(StringComparer.Ordinal)));
        Assert.Equal(2, observer.MaxRunning);
        Assert.True(results[0].StartedAt < results[1].FinishedAt && results[1].StartedAt < results[0].FinishedAt, "jobs 0 and 1 did not overlap");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4 * 1 + 2), $"took {clock.Elapsed}: not parallel");
    }

    [Fact]
    public async Task A_mount_the_engine_refuses_at_create_fails_the_jobs_and_leaves_no_container()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"caliban-missing-{Guid.NewGuid():N}");
        LocalJob[] jobs = [new(0, "a", ["true"]), new(1, "b", ["true"])];
        var request = fixture.Request(jobs) with { Mounts = [new BindMount(missing, "/data", ReadOnly: true)] };
        var observer = new RecordingRunObserver();

        var results = await RunAsync(request, observer);

        Assert.All(results, r =>
        {
            Assert.Equal(LocalJobOutcome.Failed, r.Outcome);
            Assert.Null(r.ExitCode);
            Assert.Null(r.ContainerId);
            Assert.Null(r.LogPath);
            Assert.StartsWith(ErrorCodes.ContainerStartRefused, r.Error);
            Assert.Contains(missing, r.Error);
        });
        Assert.DoesNotContain(observer.Events, e => e.Event == "started");
    }

    [Fact]
    public async Task A_container_that_cannot_start_fails_and_is_removed()
    {
        // A file mounted over a directory passes create and fails in the runtime at start.
        var file = Path.Combine(Path.GetTempPath(), $"caliban-file-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, "x");
        try
        {
            var job = new LocalJob(0, "cannot start", ["true"]);
            var request = fixture.Request(job) with { Mounts = [new BindMount(file, "/usr", ReadOnly: true)] };

            var result = Assert.Single(await RunAsync(request, new RecordingRunObserver()));

            Assert.Equal(LocalJobOutcome.Failed, result.Outcome);
            Assert.NotNull(result.ContainerId);
            Assert.StartsWith(ErrorCodes.ContainerStartRefused, result.Error);
            Assert.Contains("not a directory", result.Error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cancelling_stops_running_jobs_within_seconds_skips_the_rest_and_removes_every_container()
    {
        LocalJob[] jobs = [.. Enumerable.Range(0, 3).Select(i => new LocalJob(i, $"long {i}", ["python3", "-c", "import time; print('up', flush=True); time.sleep(60)"]))];
        var observer = new RecordingRunObserver { StartedCount = 2 };
        var request = fixture.Request(jobs) with { MaxParallel = 2 };
        using var cancel = new CancellationTokenSource();

        var run = LocalJobRunner.RunAsync(fixture.Engine, request, observer, NullCalibanLog.Instance, cancel.Token);
        await observer.AllStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        var results = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"stopping took {clock.Elapsed}");
        Assert.All(results, r => Assert.Equal(LocalJobOutcome.Stopped, r.Outcome));
        Assert.All(results.Take(2), r => Assert.NotNull(r.ContainerId));
        Assert.Null(results[2].ContainerId);
        Assert.DoesNotContain(observer.Events, e => e.Event == "starting" && e.Job == jobs[2]);
        Assert.Equal(3, observer.Events.Count(e => e.Event == "finished"));
        Assert.Empty(await fixture.ContainersOfRunAsync(request.RunId!));
    }

    [Fact]
    public async Task Found_credentials_are_readable_in_the_job_through_GOOGLE_APPLICATION_CREDENTIALS()
    {
        var home = Directory.CreateTempSubdirectory("caliban-home-").FullName;
        try
        {
            var adc = Path.Combine(home, ".config", "gcloud", "application_default_credentials.json");
            Directory.CreateDirectory(Path.GetDirectoryName(adc)!);
            await File.WriteAllTextAsync(adc, "{\"type\": \"authorized_user\"}");
            var credentials = LocalCredentials.Find(new Dictionary<string, string?>(), home);
            var job = new LocalJob(0, "creds", ["sh", "-c", "cat \"$GOOGLE_APPLICATION_CREDENTIALS\"; echo; touch \"$GOOGLE_APPLICATION_CREDENTIALS\" 2>/dev/null || echo read-only"]);
            var request = fixture.Request(job) with { Mounts = credentials.Mounts, Environment = credentials.Environment };
            var observer = new RecordingRunObserver();

            var result = Assert.Single(await RunAsync(request, observer));

            Assert.Equal(LocalJobOutcome.Succeeded, result.Outcome);
            Assert.Equal(["{\"type\": \"authorized_user\"}", "read-only"], observer.Lines(job));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public async Task A_token_cancelled_before_the_run_starts_nothing_and_does_not_throw()
    {
        var job = new LocalJob(0, "never", ["true"]);
        var observer = new RecordingRunObserver();

        var result = Assert.Single(await RunAsync(fixture.Request(job), observer, new CancellationToken(canceled: true)));

        Assert.Equal(LocalJobOutcome.Stopped, result.Outcome);
        Assert.Null(result.ContainerId);
        Assert.Equal(["finished"], observer.Events.Select(e => e.Event));
    }

    [Fact]
    public async Task A_missing_image_is_CAL3201_before_anything_starts()
    {
        var observer = new RecordingRunObserver();
        var request = fixture.Request(new LocalJob(0, "x", ["true"])) with { Image = "caliban-test/never-built:nope" };

        var error = await Assert.ThrowsAsync<CalibanException>(() => RunAsync(request, observer));

        Assert.Equal(ErrorCodes.RunImageNotFound, error.Code);
        Assert.Contains("'caliban-test/never-built:nope'", error.Message);
        Assert.Contains("dotnet build -t:CalibanBuild", error.Message);
        Assert.Empty(observer.Events);
    }

    [Fact]
    public async Task Required_GPUs_without_an_nvidia_runtime_are_CAL3202_and_Auto_warns_once_and_runs_on_the_CPU()
    {
        Assert.False(await fixture.Engine.HasRuntimeAsync("nvidia", CancellationToken.None), "this test expects an engine without GPUs");
        var job = new LocalJob(0, "gpu?", ["true"]);

        var error = await Assert.ThrowsAsync<CalibanException>(() => RunAsync(fixture.Request(job) with { Gpu = GpuMode.Required }, new RecordingRunObserver()));
        Assert.Equal(ErrorCodes.GpuRuntimeMissing, error.Code);
        Assert.Contains("CalibanUseGpu=false", error.Message);

        var log = new CapturingLog();
        var results = await RunAsync(fixture.Request(job, job with { Index = 1 }) with { Gpu = GpuMode.Auto }, new RecordingRunObserver(), log: log);
        Assert.All(results, r => Assert.Equal(LocalJobOutcome.Succeeded, r.Outcome));
        var warning = Assert.Single(log.Warnings);
        Assert.Equal(ErrorCodes.GpuFallbackToCpu, warning.Code);
        Assert.Contains("CalibanUseGpu=false", warning.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // Whatever a test did, it must have left no container behind (the collection runs one test at a time).
    public async Task DisposeAsync() => Assert.Empty(await fixture.ContainersOfTestsAsync());

    private Task<IReadOnlyList<LocalJobResult>> RunAsync(
        LocalRunRequest request, RecordingRunObserver observer, CancellationToken ct = default, ICalibanLog? log = null) =>
        LocalJobRunner.RunAsync(fixture.Engine, request, observer, log ?? NullCalibanLog.Instance, ct).WaitAsync(TimeSpan.FromSeconds(30));
}
