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
        using var client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = emulator.Url.ToString(), AccessToken = emulator.Token });
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
