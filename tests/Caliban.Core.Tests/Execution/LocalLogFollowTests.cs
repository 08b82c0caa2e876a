using Caliban.Core.Diagnostics;
using Caliban.Core.Execution;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Core.Tests.Execution;

/// <summary>CalibanLogsFollow for local jobs: the log file a running CalibanRun writes, read as it grows until the container ends.</summary>
[Collection(RunnerCollection.Name)]
public sealed class LocalLogFollowTests(RunnerFixture fixture)
{
    [Fact]
    public async Task Following_a_running_job_streams_every_line_in_order_and_ends_with_the_container()
    {
        var job = new LocalJob(0, "follow", ["sh", "-c", "for i in 1 2 3 4; do echo line-$i; sleep 0.4; done"]);
        var observer = new StartObserver();
        var run = LocalJobRunner.RunAsync(fixture.Engine, fixture.Request(job), observer, NullCalibanLog.Instance, CancellationToken.None);
        var (containerId, logPath) = await observer.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var running = new JobView(1, JobStatus.Running, LocalRunCoordinator.Backend, containerId, null, DateTime.UtcNow, DateTime.UtcNow, null,
            "{}", logPath, null, "tester", 1, "follow", [], 1, "g", 1, fixture.JobImage, null, null, null, null, null, Path.GetTempPath(), "{}");
        var backend = new LocalBackend(fixture.Engine) { FollowPollInterval = TimeSpan.FromMilliseconds(50) };

        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var line in backend.FollowLogsAsync(running, timeout.Token)) lines.Add(line);
        await run;

        Assert.False(timeout.IsCancellationRequested);
        Assert.Equal(["line-1", "line-2", "line-3", "line-4"], lines.Where(line => line.StartsWith("line-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_job_not_started_yet_has_nothing_to_follow()
    {
        var pending = new JobView(1, JobStatus.Submitted, LocalRunCoordinator.Backend, null, null, DateTime.UtcNow, null, null,
            "{}", null, null, "tester", 1, "pending", [], 1, "g", 1, fixture.JobImage, null, null, null, null, null, Path.GetTempPath(), "{}");

        var lines = new List<string>();
        await foreach (var line in new LocalBackend(fixture.Engine).FollowLogsAsync(pending, CancellationToken.None)) lines.Add(line);

        Assert.Empty(lines);
    }

    private sealed class StartObserver : ILocalRunObserver
    {
        public TaskCompletionSource<(string ContainerId, string LogPath)> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void JobStarting(LocalJob job) { }

        public void JobStarted(LocalJob job, string containerId, string logPath) => Started.TrySetResult((containerId, logPath));

        public void JobOutput(LocalJob job, string line) { }

        public void JobFinished(LocalJob job, LocalJobResult result) { }
    }
}
