using k8s;
using k8s.Models;

namespace Caliban.Core.Tests.KubernetesEmulator;

public sealed class JobLifecycleTests
{
    [Fact]
    public async Task A_kubeconfig_from_the_emulator_loads_with_its_server_token_and_namespace()
    {
        await using var cluster = await EmulatedCluster.StartAsync(@namespace: "default");

        Assert.Equal(cluster.Emulator.Url.GetLeftPart(UriPartial.Authority), cluster.Config.Host.TrimEnd('/'));
        Assert.Equal(cluster.Emulator.Token, cluster.Config.AccessToken);
        Assert.Equal("default", cluster.Config.Namespace);
        Assert.Equal("emulator", cluster.Config.CurrentContext);
        var ns = await cluster.Client.CoreV1.ReadNamespaceAsync("default");
        Assert.Equal("Active", ns.Status.Phase);
    }

    [Fact]
    public async Task A_created_job_comes_back_defaulted_with_server_metadata_and_generated_selector()
    {
        await using var cluster = await EmulatedCluster.StartAsync();

        var created = await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job("train-1", "--lr", "0.1"), "default");

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.False(string.IsNullOrEmpty(created.Metadata.ResourceVersion));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Spec.Completions);
        Assert.Equal(1, created.Spec.Parallelism);
        Assert.Equal(0, created.Spec.BackoffLimit);
        Assert.Equal("NonIndexed", created.Spec.CompletionMode);
        Assert.Equal(created.Metadata.Uid, created.Spec.Selector.MatchLabels["batch.kubernetes.io/controller-uid"]);
        var templateLabels = created.Spec.Template.Metadata.Labels;
        Assert.Equal("train-1", templateLabels["job-name"]);
        Assert.Equal("train-1", templateLabels["batch.kubernetes.io/job-name"]);
        Assert.Equal(created.Metadata.Uid, templateLabels["controller-uid"]);
        Assert.Equal("train-1", created.Metadata.Labels["caliban.dev/experiment"]);
        Assert.Equal("IfNotPresent", created.Spec.Template.Spec.Containers[0].ImagePullPolicy);
        Assert.Equal(1, cluster.Emulator.JobsCreated);
        Assert.Equal(1, cluster.Emulator.CreateRequests);

        var read = await cluster.Client.BatchV1.ReadNamespacedJobAsync("train-1", "default");
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        var status = await cluster.Client.BatchV1.ReadNamespacedJobStatusAsync("train-1", "default");
        Assert.Equal(created.Metadata.Uid, status.Metadata.Uid);
    }

    [Fact]
    public async Task GenerateName_gets_a_random_suffix()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var job = EmulatedCluster.Job("unused");
        job.Metadata.Name = null;
        job.Metadata.GenerateName = "sweep-";

        var created = await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default");

        Assert.Matches("^sweep-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
    }

    [Theory]
    [InlineData("caliban.dev/group=g1", "a,b")]
    [InlineData("caliban.dev/group==g1", "a,b")]
    [InlineData("caliban.dev/group!=g1", "c,d")]
    [InlineData("caliban.dev/group", "a,b,c")]
    [InlineData("!caliban.dev/group", "d")]
    [InlineData("caliban.dev/group in (g1,g2)", "a,b,c")]
    [InlineData("caliban.dev/group notin (g1)", "c,d")]
    [InlineData("caliban.dev/group=g1,tier=gpu", "b")]
    public async Task List_filters_by_label_selector(string selector, string expected)
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        foreach (var (name, group, tier) in new[] { ("a", "g1", "cpu"), ("b", "g1", "gpu"), ("c", "g2", "cpu"), ("d", null, "cpu") })
        {
            var job = EmulatedCluster.Job(name);
            job.Metadata.Labels = new Dictionary<string, string> { ["tier"] = tier };
            if (group is not null)
            {
                job.Metadata.Labels["caliban.dev/group"] = group;
            }
            await cluster.Client.BatchV1.CreateNamespacedJobAsync(job, "default");
        }

        var list = await cluster.Client.BatchV1.ListNamespacedJobAsync("default", labelSelector: selector);

        Assert.Equal(expected, string.Join(",", list.Items.Select(j => j.Metadata.Name)));
    }

    [Fact]
    public async Task List_filters_by_field_selector_and_pages_with_limit_and_continue()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        foreach (var name in new[] { "job-c", "job-a", "job-b" })
        {
            await cluster.Client.BatchV1.CreateNamespacedJobAsync(EmulatedCluster.Job(name), "default");
        }

        var byName = await cluster.Client.BatchV1.ListNamespacedJobAsync("default", fieldSelector: "metadata.name=job-b");
        Assert.Equal("job-b", Assert.Single(byName.Items).Metadata.Name);

        var first = await cluster.Client.BatchV1.ListNamespacedJobAsync("default", limit: 2);
        Assert.Equal(["job-a", "job-b"], first.Items.Select(j => j.Metadata.Name));
        Assert.Equal(1, first.Metadata.RemainingItemCount);
        var second = await cluster.Client.BatchV1.ListNamespacedJobAsync("default", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal("job-c", Assert.Single(second.Items).Metadata.Name);
        Assert.Null(second.Metadata.ContinueProperty);
    }
}
