using k8s;
using k8s.Autorest;
using k8s.Models;
using System.Net;

namespace Caliban.Core.Tests.KubernetesEmulator;

public sealed class JobDeletionTests
{
    private static async Task<EmulatedCluster> ClusterWithRunningJobAsync(string name)
    {
        var cluster = await EmulatedCluster.StartAsync();
        await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job(name), "default");
        cluster.Steps(2); // pod created, then running
        Assert.Single(cluster.Emulator.Pods("default"));
        return cluster;
    }

    [Fact]
    public async Task Background_deletion_answers_a_success_status_and_removes_the_pods()
    {
        await using var cluster = await ClusterWithRunningJobAsync("bg");

        var status = await cluster.Client.BatchV1.DeleteNamespacedJobAsync("bg", "default", propagationPolicy: "Background");

        Assert.False(status.HasObject);
        Assert.Equal("Success", status.Status);
        Assert.Equal("bg", status.Details.Name);
        Assert.Equal("jobs", status.Details.Kind);
        Assert.Empty(cluster.Emulator.Jobs("default"));
        Assert.Empty(cluster.Emulator.Pods("default"));
    }

    [Fact]
    public async Task Foreground_deletion_answers_the_job_marked_for_deletion_and_removes_the_pods()
    {
        await using var cluster = await ClusterWithRunningJobAsync("fg");

        var status = await cluster.Client.BatchV1.DeleteNamespacedJobAsync("fg", "default", propagationPolicy: "Foreground");

        Assert.True(status.HasObject);
        var job = status.ObjectView<V1Job>();
        Assert.Equal("fg", job.Metadata.Name);
        Assert.NotNull(job.Metadata.DeletionTimestamp);
        Assert.Equal(["foregroundDeletion"], job.Metadata.Finalizers);
        Assert.Empty(cluster.Emulator.Jobs("default"));
        Assert.Empty(cluster.Emulator.Pods("default"));
    }

    [Theory]
    [InlineData("Orphan")]
    [InlineData(null)] // batch/v1 Jobs default to orphaning their pods
    public async Task Orphan_deletion_leaves_the_pods_without_an_owner(string? policy)
    {
        await using var cluster = await ClusterWithRunningJobAsync("orphan");

        var status = await cluster.Client.BatchV1.DeleteNamespacedJobAsync("orphan", "default", propagationPolicy: policy);

        Assert.Equal(["orphan"], status.ObjectView<V1Job>().Metadata.Finalizers);
        Assert.Empty(cluster.Emulator.Jobs("default"));
        var pod = Assert.Single(cluster.Emulator.Pods("default"));
        Assert.Null(pod["metadata"]!["ownerReferences"]);
        var pods = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "job-name=orphan");
        Assert.Single(pods.Items);
    }

    [Fact]
    public async Task Propagation_policy_in_a_delete_options_body_is_honoured()
    {
        await using var cluster = await ClusterWithRunningJobAsync("body");

        await cluster.Client.BatchV1.DeleteNamespacedJobAsync("body", "default", new V1DeleteOptions { PropagationPolicy = "Background" });

        Assert.Empty(cluster.Emulator.Pods("default"));
    }

    [Fact]
    public async Task Deleting_a_missing_job_is_a_404_not_found_status()
    {
        await using var cluster = await EmulatedCluster.StartAsync();

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            cluster.Client.BatchV1.DeleteNamespacedJobAsync("ghost", "default", propagationPolicy: "Background"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("jobs.batch \\\"ghost\\\" not found", error.Response.Content);
    }
}
