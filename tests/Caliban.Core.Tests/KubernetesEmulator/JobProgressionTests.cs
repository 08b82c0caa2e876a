using k8s;
using k8s.Models;

namespace Caliban.Core.Tests.KubernetesEmulator;

public sealed class JobProgressionTests
{
    [Fact]
    public async Task A_watch_sees_the_job_progress_to_Complete()
    {
        await using var cluster = await EmulatedCluster.StartAsync(stepInterval: TimeSpan.FromMilliseconds(20));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<(WatchEventType Type, V1Job Job)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, job) in cluster.Client.BatchV1.WatchListNamespacedJobAsync("default",
                               fieldSelector: "metadata.name=watched", cancellationToken: timeout.Token))
            {
                seen.Add((type, job));
                if (job.Status?.Conditions?.Any(c => c.Type == "Complete") == true)
                {
                    return;
                }
            }
        });
        await Task.Delay(100); // the watch is open before the job exists
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("watched"), "default", cancellationToken: timeout.Token);

        await watching;

        Assert.Equal(WatchEventType.Added, seen[0].Type);
        Assert.Contains(seen, e => e.Type == WatchEventType.Modified && e.Job.Status.Active == 1);
        var done = seen[^1].Job;
        Assert.Equal(WatchEventType.Modified, seen[^1].Type);
        Assert.Equal(1, done.Status.Succeeded);
        Assert.Null(done.Status.Active);
        Assert.NotNull(done.Status.StartTime);
        Assert.NotNull(done.Status.CompletionTime);
        var complete = Assert.Single(done.Status.Conditions, c => c.Type == "Complete");
        Assert.Equal("True", complete.Status);
        Assert.Equal("CompletionsReached", complete.Reason);
        Assert.NotNull(complete.LastTransitionTime);
        Assert.Contains(done.Status.Conditions, c => c.Type == "SuccessCriteriaMet");
        var resourceVersions = seen.Select(e => long.Parse(e.Job.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(resourceVersions.Order(), resourceVersions);
    }

    [Fact]
    public async Task Pods_go_Pending_Running_Succeeded_and_carry_the_job_labels()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var job = await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("steps"), "default");

        cluster.Steps(1);
        var pod = Assert.Single((await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=steps")).Items);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Matches("^steps-[a-z0-9]{5}$", pod.Metadata.Name);
        Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["controller-uid"]);
        Assert.Equal(job.Metadata.Uid, pod.Metadata.Labels["batch.kubernetes.io/controller-uid"]);
        Assert.Equal("steps", pod.Metadata.Labels["batch.kubernetes.io/job-name"]);
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.Equal(("Job", "steps", true), (owner.Kind, owner.Name, owner.Controller == true));

        cluster.Steps(1);
        Assert.Equal("Running", (await cluster.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default")).Status.Phase);
        cluster.Steps(1);
        var finished = await cluster.Client.CoreV1.ReadNamespacedPodAsync(pod.Metadata.Name, "default");
        Assert.Equal("Succeeded", finished.Status.Phase);
        Assert.Equal(0, finished.Status.ContainerStatuses[0].State.Terminated.ExitCode);
        cluster.Steps(1);
        var completed = await cluster.Client.BatchV1.ReadNamespacedJobAsync("steps", "default");
        Assert.Contains(completed.Status.Conditions, c => c.Type == "Complete" && c.Status == "True");
    }

    [Fact]
    public async Task A_failing_pod_is_retried_up_to_backoffLimit_then_the_job_fails_with_BackoffLimitExceeded()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("flaky", "--fail");
        spec.Spec.BackoffLimit = 2;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");

        cluster.Steps(12);

        var job = await cluster.Client.BatchV1.ReadNamespacedJobAsync("flaky", "default");
        Assert.Equal(3, job.Status.Failed);
        Assert.Null(job.Status.Succeeded);
        Assert.Null(job.Status.CompletionTime);
        var failed = Assert.Single(job.Status.Conditions, c => c.Type == "Failed");
        Assert.Equal(("True", "BackoffLimitExceeded"), (failed.Status, failed.Reason));
        Assert.Equal("Job has reached the specified backoff limit", failed.Message);
        var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=flaky")).Items;
        Assert.Equal(3, pods.Count);
        Assert.All(pods, p => Assert.Equal("Failed", p.Status.Phase));
        Assert.All(pods, p => Assert.Equal(1, p.Status.ContainerStatuses[0].State.Terminated.ExitCode));
    }

    [Fact]
    public async Task OnFailure_restarts_the_container_in_place_and_counts_restarts_against_backoffLimit()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("restarts", "--fail");
        spec.Spec.BackoffLimit = 1;
        spec.Spec.Template.Spec.RestartPolicy = "OnFailure";
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");

        cluster.Steps(3); // created, running, first restart
        var pod = Assert.Single(cluster.Emulator.Pods("default"));
        Assert.Equal(1, (int)pod["status"]!["containerStatuses"]![0]!["restartCount"]!);
        cluster.Steps(3);

        var job = await cluster.Client.BatchV1.ReadNamespacedJobAsync("restarts", "default");
        Assert.Contains(job.Status.Conditions, c => c.Type == "Failed" && c.Reason == "BackoffLimitExceeded");
        Assert.Empty(cluster.Emulator.Pods("default"));
    }

    [Fact]
    public async Task An_indexed_job_runs_one_pod_per_index_and_reports_completedIndexes()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("sweep");
        spec.Spec.CompletionMode = "Indexed";
        spec.Spec.Completions = 3;
        spec.Spec.Parallelism = 3;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");

        cluster.Steps(1);
        var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "batch.kubernetes.io/job-name=sweep")).Items;
        Assert.Equal(["0", "1", "2"], pods.Select(p => p.Metadata.Labels["batch.kubernetes.io/job-completion-index"]).Order());
        Assert.All(pods, p =>
        {
            var index = p.Metadata.Labels["batch.kubernetes.io/job-completion-index"];
            Assert.Matches($"^sweep-{index}-[a-z0-9]{{5}}$", p.Metadata.Name);
            Assert.Equal(index, p.Metadata.Annotations["batch.kubernetes.io/job-completion-index"]);
            var env = Assert.Single(p.Spec.Containers[0].Env, e => e.Name == "JOB_COMPLETION_INDEX");
            Assert.Equal("metadata.labels['batch.kubernetes.io/job-completion-index']", env.ValueFrom.FieldRef.FieldPath);
        });
        var one = (await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "batch.kubernetes.io/job-completion-index=1")).Items;
        Assert.Single(one);

        cluster.Steps(3);
        var job = await cluster.Client.BatchV1.ReadNamespacedJobAsync("sweep", "default");
        Assert.Equal("0-2", job.Status.CompletedIndexes);
        Assert.Equal(3, job.Status.Succeeded);
        Assert.Contains(job.Status.Conditions, c => c.Type == "Complete");
    }

    [Fact]
    public async Task An_indexed_job_with_lower_parallelism_runs_its_indexes_in_waves()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("waves");
        spec.Spec.CompletionMode = "Indexed";
        spec.Spec.Completions = 5;
        spec.Spec.Parallelism = 2;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");

        cluster.Steps(1);
        Assert.Equal(2, cluster.Emulator.Pods("default").Count);
        cluster.Steps(3);
        var partway = await cluster.Client.BatchV1.ReadNamespacedJobAsync("waves", "default");
        Assert.Equal("0-1", partway.Status.CompletedIndexes);
        Assert.Equal(2, partway.Status.Active);

        cluster.Steps(10);
        var job = await cluster.Client.BatchV1.ReadNamespacedJobAsync("waves", "default");
        Assert.Equal("0-4", job.Status.CompletedIndexes);
        Assert.Equal(5, cluster.Emulator.Pods("default").Count);
    }

    [Fact]
    public async Task A_finished_job_with_ttlSecondsAfterFinished_zero_is_deleted_with_its_pods()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("short-lived");
        spec.Spec.TtlSecondsAfterFinished = 0;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");

        cluster.Steps(5);

        Assert.Empty(cluster.Emulator.Jobs("default"));
        Assert.Empty(cluster.Emulator.Pods("default"));
    }

    [Fact]
    public async Task A_watch_from_a_resourceVersion_replays_only_later_changes()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var created = await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("resume"), "default");
        cluster.Steps(4);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var types = new List<WatchEventType>();

        await foreach (var (type, job) in cluster.Client.BatchV1.WatchListNamespacedJobAsync("default",
                           resourceVersion: created.Metadata.ResourceVersion, timeoutSeconds: 1, cancellationToken: timeout.Token))
        {
            types.Add(type);
        }

        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Equal(WatchEventType.Modified, t));
    }

    [Fact]
    public async Task A_pod_watch_with_a_label_selector_sees_only_that_jobs_pod_through_its_phases()
    {
        await using var cluster = await EmulatedCluster.StartAsync(stepInterval: TimeSpan.FromMilliseconds(20));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("other"), "default");
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("mine"), "default");
        var phases = new List<string>();

        await foreach (var (_, pod) in cluster.Client.CoreV1.WatchListNamespacedPodAsync("default", labelSelector: "job-name=mine",
                           cancellationToken: timeout.Token))
        {
            Assert.Equal("mine", pod.Metadata.Labels["job-name"]);
            if (phases.Count == 0 || phases[^1] != pod.Status.Phase)
            {
                phases.Add(pod.Status.Phase);
            }
            if (pod.Status.Phase == "Succeeded")
            {
                break;
            }
        }

        Assert.Equal("Succeeded", phases[^1]);
        Assert.Contains("Running", phases);
    }
}
