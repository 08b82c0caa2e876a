using Caliban.Core.History;
using Caliban.Core.Kubernetes;
using Caliban.Emulators.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

/// <summary>CalibanLogsFollow for cluster jobs: wait for the pod to start, then stream its log until it ends.</summary>
public sealed class FollowLogsTests
{
    [Fact]
    public async Task Following_a_pending_job_waits_for_its_pod_then_streams_the_log_to_the_end()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = TimeSpan.FromMilliseconds(300) });
        using var cluster = emulated.Connect();
        await emulated.SubmitAsync(cluster, TestCluster.Sweep(1));
        var job = Assert.Single(emulated.Jobs());
        Assert.False(job.Status.IsTerminal());
        using var backend = new KubernetesBackend(emulated.Log) { FollowPollInterval = TimeSpan.FromMilliseconds(50) };

        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var line in backend.FollowLogsAsync(job, timeout.Token)) lines.Add(line);

        Assert.False(timeout.IsCancellationRequested);
        Assert.Contains(lines, line => line.Contains("emulator: image=", StringComparison.Ordinal) && line.Contains("--seed 0", StringComparison.Ordinal));
        // The stream ended because the pod did: the job is final now.
        var final = await emulated.WaitUntilFinalAsync(seconds: 5);
        Assert.Equal(JobStatus.Succeeded, Assert.Single(final).Status);
    }

    [Fact]
    public async Task Following_a_job_that_is_gone_ends_at_once()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        using var cluster = emulated.Connect();
        await emulated.SubmitAsync(cluster, TestCluster.Sweep(1));
        var job = Assert.Single(emulated.Jobs());
        using var backend = new KubernetesBackend(emulated.Log) { FollowPollInterval = TimeSpan.FromMilliseconds(50) };
        await backend.StopAsync(job, CancellationToken.None);

        var lines = new List<string>();
        await foreach (var line in backend.FollowLogsAsync(job, CancellationToken.None)) lines.Add(line);

        Assert.Empty(lines);
    }
}
