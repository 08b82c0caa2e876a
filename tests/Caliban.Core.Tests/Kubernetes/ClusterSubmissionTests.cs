using System.Text.Json.Nodes;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Caliban.Core.Kubernetes;
using Caliban.Emulators.Kubernetes;

namespace Caliban.Core.Tests.Kubernetes;

/// <summary>Submission, status, logs, stop and resubmit against the strict Kubernetes API emulator.</summary>
public sealed class ClusterSubmissionTests
{
    private static string Label(JsonObject job, string key) => job["metadata"]!["labels"]![key]!.GetValue<string>();

    [Fact]
    public async Task A_sweep_is_submitted_recorded_refreshed_and_its_logs_read()
    {
        await using var emulated = await TestCluster.StartAsync();
        using var cluster = emulated.Connect();

        var outcomes = await emulated.SubmitAsync(cluster, TestCluster.Sweep(3, failing: 2));

        Assert.All(outcomes, outcome => Assert.Equal(ClusterSubmitState.Created, outcome.Result.State));
        var created = emulated.Emulator.Jobs("default");
        Assert.Equal(3, created.Count);
        var rows = emulated.Jobs();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal("kubernetes", row.Backend));
        Assert.Equal(created.Select(job => $"default/{job["metadata"]!["name"]}").Order(), rows.Select(row => row.ExternalId).Order());
        var details = KubeJobDetails.FromJson(rows[0].Details)!;
        Assert.Equal("emulator", details.Context);
        Assert.Equal(cluster.Server, details.Server);
        Assert.Equal("default", details.Namespace);
        Assert.StartsWith("sha256:", details.Digest);
        // Each Job carries its history job and experiment, so stop and status can find it again.
        Assert.Equal(rows.Select(row => row.JobId.ToString()).Order(), created.Select(job => Label(job, KubeLabels.Job)).Order());

        var final = await emulated.WaitUntilFinalAsync();
        Assert.Equal([JobStatus.Succeeded, JobStatus.Succeeded, JobStatus.Failed], final.OrderBy(job => job.JobId).Select(job => job.Status));
        Assert.NotNull(final.Single(job => job.Status == JobStatus.Failed).FinishedAt);

        using var backend = new KubernetesBackend(emulated.Log);
        var logs = await backend.GetLogsAsync(final.OrderBy(job => job.JobId).Last(), CancellationToken.None);
        Assert.NotNull(logs);
        Assert.NotEmpty(logs.Trim());
    }

    [Fact]
    public async Task Stop_deletes_the_job_and_its_pods()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        using var cluster = emulated.Connect();
        await emulated.SubmitAsync(cluster, TestCluster.Sweep(2));
        emulated.Emulator.Step(); // pods exist and run
        Assert.NotEmpty(emulated.Emulator.Pods("default"));

        using var backend = new KubernetesBackend(emulated.Log);
        foreach (var job in emulated.Jobs()) await backend.StopAsync(job, CancellationToken.None);
        emulated.Emulator.Step();

        Assert.Empty(emulated.Emulator.Jobs("default"));
        Assert.DoesNotContain(emulated.Emulator.Pods("default"), pod => pod["metadata"]?["deletionTimestamp"] is null);
        using var again = new KubernetesBackend(emulated.Log);
        Assert.Equal(JobStatus.Unknown, (await again.RefreshAsync(emulated.Jobs()[0], CancellationToken.None)).Status); // gone: UNKNOWN
    }

    [Fact]
    public async Task Faults_on_a_third_of_requests_still_give_exactly_one_job_each()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { FailureRate = 0.3, StepInterval = Timeout.InfiniteTimeSpan });
        using var cluster = emulated.Connect();

        var outcomes = await emulated.SubmitAsync(cluster, TestCluster.Sweep(60));

        Assert.All(outcomes, outcome => Assert.True(outcome.Result.Succeeded, outcome.Result.Error?.Message));
        Assert.True(emulated.Emulator.FaultsInjected > 0);
        var names = emulated.Emulator.Jobs("default").Select(job => job["metadata"]!["name"]!.GetValue<string>()).ToArray();
        Assert.Equal(60, names.Length);
        Assert.Equal(60, emulated.Emulator.JobsCreated); // never a second Job
        Assert.Equal(60, emulated.Jobs().Count(job => job.Status == JobStatus.Submitted));
    }

    [Fact]
    public async Task A_create_that_succeeded_before_the_connection_dropped_is_not_repeated()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        emulated.Emulator.EnqueueFault(KubeFaultKind.DropConnection, KubeFaultTiming.AfterHandling, verb: "create", resource: "jobs");
        using var cluster = emulated.Connect();

        var outcome = Assert.Single(await emulated.SubmitAsync(cluster, TestCluster.Sweep(1)));

        Assert.Equal(ClusterSubmitState.AlreadyCreated, outcome.Result.State);
        Assert.Single(emulated.Emulator.Jobs("default"));
        Assert.Contains(emulated.Log.Infos, line => line.Contains("created by an earlier attempt"));
    }

    [Fact]
    public async Task A_name_taken_by_another_submission_is_an_error_not_a_success()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        using var cluster = emulated.Connect();
        var first = await emulated.SubmitAsync(cluster, TestCluster.Sweep(1));
        // The same manifest again under another submission: the name is taken by a Job that is not ours.
        var unit = first[0].Unit;
        var again = await ClusterSubmission.SubmitAsync(emulated.Store, cluster, "alice", null, "another-submission", [unit],
            new ClusterSubmitOptions { Retry = TestCluster.FastRetry }, emulated.Log, CancellationToken.None);

        Assert.Equal(ErrorCodes.KubeJobNameTaken, again[0].Result.Error?.Code);
        Assert.Equal(ErrorCodes.ClusterSubmissionsFailed, ClusterSubmission.Failure(again, cluster, "g1")!.Code);
        Assert.Single(emulated.Emulator.Jobs("default"));
        Assert.Equal(JobStatus.Failed, emulated.Jobs().Single(job => job.JobId == again[0].JobIds[0]).Status);
    }

    [Fact]
    public async Task A_forbidden_namespace_stops_at_once_with_rbac_advice_and_records_the_jobs_failed()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        emulated.Emulator.AddNamespace("locked");
        emulated.Emulator.ForbiddenNamespaces.Add("locked");
        using var cluster = emulated.Connect("locked");

        var outcomes = await emulated.SubmitAsync(cluster, TestCluster.Sweep(40), options: new ClusterSubmitOptions { Parallel = 2, Retry = TestCluster.FastRetry });

        var error = ClusterSubmission.Failure(outcomes, cluster, "g1")!;
        Assert.Equal(ErrorCodes.KubeForbidden, error.Code);
        Assert.Contains("namespace locked", error.Message);
        Assert.Contains("RBAC", error.Message);
        Assert.True(emulated.Emulator.CreateRequests < 40, "the rest were not tried");
        Assert.All(emulated.Jobs(), job => Assert.Equal(JobStatus.Failed, job.Status));
        Assert.Contains(outcomes, outcome => outcome.Result.State == ClusterSubmitState.NotAttempted);
    }

    [Fact]
    public async Task A_missing_namespace_is_named_with_the_fix()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        using var cluster = emulated.Connect("nowhere");
        var error = ClusterSubmission.Failure(await emulated.SubmitAsync(cluster, TestCluster.Sweep(2)), cluster, "g1")!;
        Assert.Equal(ErrorCodes.KubeNamespaceNotFound, error.Code);
        Assert.Contains("nowhere", error.Message);
    }

    [Fact]
    public async Task Quota_failures_are_per_job_and_the_others_go_on()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        emulated.Emulator.SetJobQuota("default", 2);
        using var cluster = emulated.Connect();

        var outcomes = await emulated.SubmitAsync(cluster, TestCluster.Sweep(4), options: new ClusterSubmitOptions { Parallel = 1, Retry = TestCluster.FastRetry });

        Assert.Equal(2, outcomes.Count(outcome => outcome.Result.Succeeded));
        Assert.All(outcomes.Where(outcome => !outcome.Result.Succeeded), outcome => Assert.Equal(ErrorCodes.KubeQuotaExceeded, outcome.Result.Error?.Code));
        var error = ClusterSubmission.Failure(outcomes, cluster, "g1")!;
        Assert.Equal(ErrorCodes.ClusterSubmissionsFailed, error.Code);
        Assert.Contains("CAL5007", error.Message);
        Assert.Contains("CalibanResubmit", error.Message);
        Assert.Equal(2, emulated.Jobs().Count(job => job.Status == JobStatus.Failed));
    }

    [Fact]
    public async Task An_indexed_job_is_one_object_with_one_history_row_per_index()
    {
        await using var emulated = await TestCluster.StartAsync();
        using var cluster = emulated.Connect();

        var outcome = Assert.Single(await emulated.SubmitAsync(cluster, TestCluster.Sweep(3), indexed: true));

        Assert.True(outcome.Result.Succeeded, outcome.Result.Error?.Message);
        var job = Assert.Single(emulated.Emulator.Jobs("default"));
        Assert.Equal("Indexed", job["spec"]!["completionMode"]!.GetValue<string>());
        var rows = emulated.Jobs().OrderBy(row => row.JobId).ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Equal(Enumerable.Range(0, 3).Select(i => $"default/{job["metadata"]!["name"]}#{i}"), rows.Select(row => row.ExternalId));
        var final = await emulated.WaitUntilFinalAsync();
        Assert.All(final, row => Assert.Equal(JobStatus.Succeeded, row.Status));
        using var backend = new KubernetesBackend(emulated.Log);
        Assert.NotNull(await backend.GetLogsAsync(final[1], CancellationToken.None));
    }

    [Fact]
    public async Task Failed_jobs_are_resubmitted_under_new_names_on_their_recorded_cluster()
    {
        await using var emulated = await TestCluster.StartAsync();
        using var cluster = emulated.Connect();
        await emulated.SubmitAsync(cluster, TestCluster.Sweep(2, failing: 1));
        var failed = (await emulated.WaitUntilFinalAsync()).Where(job => job.Status == JobStatus.Failed).ToArray();
        Assert.Single(failed);

        var batches = await ClusterResubmission.SubmitAsync(emulated.Store, failed, image: null, digest: null,
            new ClusterSubmitOptions { Retry = TestCluster.FastRetry }, emulated.Log, CancellationToken.None);

        var outcome = Assert.Single(Assert.Single(batches).Outcomes);
        Assert.True(outcome.Result.Succeeded);
        batches[0].Cluster.Dispose();
        Assert.Equal(3, emulated.Emulator.Jobs("default").Count);
        var rows = emulated.Jobs();
        Assert.Equal(3, rows.Count);
        var resubmitted = rows.Single(row => row.JobId == outcome.JobIds[0]);
        Assert.Equal(failed[0].ExperimentId, resubmitted.ExperimentId); // joins its experiment
        Assert.NotEqual(failed[0].ExternalId, resubmitted.ExternalId);
    }

    [Fact]
    public async Task An_unreachable_cluster_leaves_stored_statuses_with_a_warning()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        using (var cluster = emulated.Connect()) await emulated.SubmitAsync(cluster, TestCluster.Sweep(2));
        await emulated.StopEmulatorAsync(); // the cluster goes away

        using var backend = new KubernetesBackend(emulated.Log);
        foreach (var job in emulated.Jobs())
            Assert.Equal(JobStatus.Submitted, (await backend.RefreshAsync(job, CancellationToken.None)).Status);
        var warning = Assert.Single(emulated.Log.Warnings);
        Assert.Equal(ErrorCodes.KubeRefreshFailed, warning.Code);
        Assert.Contains("context emulator", warning.Message);
    }

    [Fact]
    public async Task An_exec_user_like_gke_gcloud_auth_plugin_supplies_the_token()
    {
        await using var emulated = await TestCluster.StartAsync(new KubeEmulatorOptions { StepInterval = Timeout.InfiniteTimeSpan });
        var folder = Directory.CreateTempSubdirectory("caliban-exec-").FullName;
        try
        {
            // What gke-gcloud-auth-plugin does: print an ExecCredential with a token on stdout.
            var plugin = Path.Combine(folder, "auth-plugin");
            File.WriteAllText(plugin, "#!/bin/sh\necho '{\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"kind\":\"ExecCredential\",\"status\":{\"token\":\"" + emulated.Emulator.Token + "\"}}'\n");
            var kubeconfig = Path.Combine(folder, "config");
            File.WriteAllText(kubeconfig, $$"""
                apiVersion: v1
                kind: Config
                current-context: gke
                clusters:
                - name: gke
                  cluster: { server: "{{emulated.Emulator.Url.GetLeftPart(UriPartial.Authority)}}" }
                contexts:
                - name: gke
                  context: { cluster: gke, user: gke-user }
                users:
                - name: gke-user
                  user:
                    exec:
                      apiVersion: client.authentication.k8s.io/v1beta1
                      command: /bin/sh
                      args: [ "{{plugin}}" ]
                      interactiveMode: Never
                """);
            using var cluster = KubeClusterConnector.Connect(new KubeClusterOptions { KubeConfig = kubeconfig });

            var outcome = Assert.Single(await emulated.SubmitAsync(cluster, TestCluster.Sweep(1)));

            Assert.True(outcome.Result.Succeeded, outcome.Result.Error?.Message);
            Assert.Single(emulated.Emulator.Jobs("default"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
