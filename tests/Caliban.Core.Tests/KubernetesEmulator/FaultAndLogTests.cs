using System.Diagnostics;
using System.Net;
using Caliban.Emulators.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Caliban.Core.Tests.KubernetesEmulator;

public sealed class FaultTests
{
    [Fact]
    public async Task A_queued_429_reaches_the_client_with_Retry_After_and_changes_nothing()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.EnqueueFault(KubeFaultKind.TooManyRequests, verb: "create");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("busy"), "default"));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"TooManyRequests\"", error.Response.Content);
        Assert.Equal("1", Assert.Single(error.Response.Headers["Retry-After"]));
        Assert.Empty(cluster.Emulator.Jobs("default"));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("busy"), "default");
        Assert.Equal((2, 1, 1), (cluster.Emulator.CreateRequests, cluster.Emulator.JobsCreated, cluster.Emulator.FaultsInjected));
    }

    [Fact]
    public async Task A_503_after_handling_hides_a_stored_job_so_a_retry_meets_409()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.EnqueueFault(KubeFaultKind.ServiceUnavailable, KubeFaultTiming.AfterHandling, verb: "create");

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("stored"), "default"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("ServiceUnavailable", status.Reason);
        Assert.Single(cluster.Emulator.Jobs("default"));

        var (retry, _) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("stored"), "default"));
        Assert.Equal(HttpStatusCode.Conflict, retry);
    }

    [Fact]
    public async Task A_dropped_connection_surfaces_as_an_HttpRequestException()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.EnqueueFault(KubeFaultKind.DropConnection, KubeFaultTiming.AfterHandling, verb: "create");

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("dropped"), "default"));

        Assert.Single(cluster.Emulator.Jobs("default"));
        // Queued faults are used up; the next request is served normally.
        Assert.Equal("dropped", (await cluster.Client.BatchV1.ReadNamespacedJobAsync("dropped", "default")).Metadata.Name);
    }

    [Fact]
    public async Task A_queued_fault_waits_for_the_request_it_names()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.EnqueueFault(new KubeFault(KubeFaultKind.ServiceUnavailable, Verb: "delete", Resource: "jobs"));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("later"), "default");
        await cluster.Client.BatchV1.ListNamespacedJobAsync("default");

        var (code, _) = await ApiErrors.OfAsync(() => cluster.Client.BatchV1.DeleteNamespacedJobAsync("later", "default", propagationPolicy: "Background"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Single(cluster.Emulator.Jobs("default"));
    }

    [Fact]
    public async Task A_failure_rate_produces_all_three_faults_and_retrying_clients_still_create_each_job_once()
    {
        var emulator = await KubeApiEmulator.StartAsync(new KubeEmulatorOptions { FailureRate = 0.3, Seed = 7, StepInterval = Timeout.InfiniteTimeSpan });
        await using var _ = emulator;
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = emulator.Url.ToString(), AccessToken = emulator.Token });
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            while (true)
            {
                try
                {
                    await client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job($"job-{i}"), "default", cancellationToken: ct);
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    outcomes.Add("409");
                    return; // stored by an attempt whose answer was lost
                }
                catch (HttpOperationException e)
                {
                    outcomes.Add(((int)e.Response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (HttpRequestException)
                {
                    outcomes.Add("drop");
                }
            }
        });

        Assert.Equal(200, emulator.Jobs("default").Count);
        Assert.Equal(200, emulator.JobsCreated);
        Assert.Contains("429", outcomes);
        Assert.Contains("503", outcomes);
        Assert.Contains("drop", outcomes);
        Assert.Contains("409", outcomes);
        Assert.True(emulator.FaultsInjected > 30, $"only {emulator.FaultsInjected} faults");
    }

    [Fact]
    public async Task A_thousand_creates_with_eight_way_concurrency_take_a_few_seconds()
    {
        await using var cluster = await EmulatedCluster.StartAsync(stepInterval: TimeSpan.FromMilliseconds(100));
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job($"load-{i}"), "default", cancellationToken: ct));

        clock.Stop();
        Assert.Equal(1000, cluster.Emulator.JobsCreated);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"1,000 creates took {clock.Elapsed}");
        var list = await cluster.Client.BatchV1.ListNamespacedJobAsync("default", labelSelector: "caliban.dev/experiment=load-999");
        Assert.Single(list.Items);
    }

    [Fact]
    public async Task Latency_delays_every_request()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        cluster.Emulator.Latency = TimeSpan.FromMilliseconds(200);
        var clock = Stopwatch.StartNew();

        await cluster.Client.BatchV1.ListNamespacedJobAsync("default");

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"took {clock.Elapsed}");
    }
}

public sealed class PodLogTests
{
    [Fact]
    public async Task A_log_names_the_image_args_and_index_and_ends_with_the_exit()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var spec = EmulatedCluster.Job("logged", "--lr", "0.1", "--name", "two words");
        spec.Spec.CompletionMode = "Indexed";
        spec.Spec.Completions = 1;
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(spec, "default");
        cluster.Steps(3);
        var pod = Assert.Single((await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=logged")).Items);

        await using var stream = await cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod.Metadata.Name, "default", container: "main");
        var text = await new StreamReader(stream).ReadToEndAsync();

        var image = spec.Spec.Template.Spec.Containers[0].Image;
        Assert.Equal($"emulator: image={image} command=[] args=--lr 0.1 --name 'two words' index=0\nemulator: exit code 0\n", text);
    }

    [Fact]
    public async Task A_pending_pod_has_no_log_yet_and_says_so_with_a_400()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("early"), "default");
        cluster.Steps(1);
        var pod = Assert.Single(cluster.Emulator.Pods("default"))["metadata"]!["name"]!.GetValue<string>();

        var (code, status) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default"));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal($"container \"main\" in pod \"{pod}\" is waiting to start: ContainerCreating", status.Message);
        var (missing, _) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespacedPodLogAsync("ghost", "default"));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        cluster.Steps(1);
        var (badContainer, bad) = await ApiErrors.OfAsync(() => cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default", container: "sidecar"));
        Assert.Equal(HttpStatusCode.BadRequest, badContainer);
        Assert.Equal($"container sidecar is not valid for pod {pod}", bad.Message);
    }

    [Fact]
    public async Task Following_a_log_streams_until_the_pod_ends()
    {
        await using var cluster = await EmulatedCluster.StartAsync(stepInterval: TimeSpan.FromMilliseconds(150));
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("followed", "--fail"), "default");
        string? pod = null;
        while (pod is null)
        {
            await Task.Delay(20);
            pod = cluster.Emulator.Pods("default").FirstOrDefault(p => p["status"]!["phase"]!.GetValue<string>() == "Running")?["metadata"]!["name"]!.GetValue<string>();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await using var stream = await cluster.Client.CoreV1.ReadNamespacedPodLogAsync(pod, "default", follow: true, cancellationToken: timeout.Token);
        var text = await new StreamReader(stream).ReadToEndAsync(timeout.Token);

        Assert.StartsWith("emulator: image=", text);
        Assert.EndsWith("emulator: --fail given, exit code 1\n", text);
        Assert.Equal("Failed", cluster.Emulator.Pods("default").Single(p => p["metadata"]!["name"]!.GetValue<string>() == pod)["status"]!["phase"]!.GetValue<string>());
    }
}
