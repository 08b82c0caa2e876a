using Caliban.Core.Net;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Kubernetes;
using Caliban.Core.Runs;
using Caliban.Core.Tests.Context;
using Caliban.Core.Tests.History;
using Caliban.Emulators.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

/// <summary>A Kubernetes API emulator, a kubeconfig for it, a connected cluster and a fresh job history.</summary>
internal sealed class TestCluster : IAsyncDisposable
{
    private readonly TempHistory _history = new();

    private TestCluster(KubeApiEmulator emulator, string kubeconfig)
    {
        Emulator = emulator;
        KubeConfig = kubeconfig;
        Store = _history.Open();
    }

    public KubeApiEmulator Emulator { get; }
    public string KubeConfig { get; }
    public JobStore Store { get; }
    public CapturingLog Log { get; } = new();

    public static async Task<TestCluster> StartAsync(KubeEmulatorOptions? options = null)
    {
        var emulator = await KubeApiEmulator.StartAsync(options ?? new KubeEmulatorOptions { StepInterval = TimeSpan.FromMilliseconds(50) });
        var folder = Directory.CreateTempSubdirectory("caliban-kubeconfig-").FullName;
        return new TestCluster(emulator, emulator.WriteKubeconfig(Path.Combine(folder, "config"), "emulator", "default"));
    }

    public KubeCluster Connect(string? @namespace = null) =>
        KubeClusterConnector.Connect(new KubeClusterOptions { KubeConfig = KubeConfig, Namespace = @namespace });

    public static ClusterJobSettings Settings(string group = "g1") => JobManifestsTests.Settings with { Group = group };

    public static PlannedJob[] Sweep(int count, params int[] failing) => Enumerable.Range(0, count)
        .Select(i => new PlannedJob(i, $"seed={i}", failing.Contains(i) ? ["--seed", $"{i}", "--fail"] : ["--seed", $"{i}"])).ToArray();

    /// <summary>Records the sweep's experiments and submits it as CalibanCluster does.</summary>
    public async Task<IReadOnlyList<ClusterUnitOutcome>> SubmitAsync(KubeCluster cluster, IReadOnlyList<PlannedJob> jobs, bool indexed = false,
        string group = "g1", ClusterSubmitOptions? options = null)
    {
        var settings = Settings(group) with { EntryPoint = indexed ? ["python", "-m", "trainer.train"] : [] };
        var image = new RunImage { ImageId = settings.Image, Tag = settings.Image, ProjectDirectory = Path.GetTempPath() };
        var experiments = RunHistory.RecordExperiments(Store, group, "alice", image, "sha256:" + new string('a', 64), jobs);
        var submission = ClusterSubmission.NewId();
        var units = ClusterSubmission.Units(settings, jobs, experiments, submission, indexed);
        return await ClusterSubmission.SubmitAsync(Store, cluster, "alice", "sha256:" + new string('a', 64), submission, units,
            options ?? new ClusterSubmitOptions { Retry = FastRetry }, Log, CancellationToken.None);
    }

    public static readonly KubeRetryPolicy FastRetry = new() { Policy = new RetryPolicy { MaxAttempts = 15, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(200) } };

    public IReadOnlyList<JobView> Jobs(string group = "g1") => Store.ListJobs(new JobQuery { Group = group });

    /// <summary>Refreshes the group through the Kubernetes backend until every job is final (or the time is up).</summary>
    public async Task<IReadOnlyList<JobView>> WaitUntilFinalAsync(string group = "g1", int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var backend = new KubernetesBackend(Log);
            var jobs = await new JobRefresher(Store, (_, _) => Task.FromResult<IJobBackend?>(backend), Log).RefreshAsync(Jobs(group), CancellationToken.None);
            if (jobs.All(job => job.Status.IsTerminal()) || DateTime.UtcNow > deadline) return jobs;
            await Task.Delay(100);
        }
    }

    private bool _stopped;

    /// <summary>Shuts the emulator down early (the cluster becomes unreachable).</summary>
    public async Task StopEmulatorAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await Emulator.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Store.Dispose();
        await StopEmulatorAsync();
        _history.Dispose();
        Directory.Delete(Path.GetDirectoryName(KubeConfig)!, recursive: true);
    }
}
