using System.Text.RegularExpressions;
using Caliban.Cli.Tests.Infrastructure;
using Caliban.Core.Tests.Registry;
using Caliban.Emulators.Kubernetes;
using Caliban.Emulators.Vertex;

namespace Caliban.Cli.Tests;

/// <summary>
/// `caliban cloud` and `caliban cluster` end to end: the installed tool, the real engine and registry, and the Vertex AI
/// and Kubernetes emulators. Status and listing read the job history and refresh it from the endpoint and cluster each
/// job recorded, with no project or flag pointing at them again.
/// </summary>
[Collection("cli")]
public sealed class RemoteCommandTests(ToolFeed feed)
{
    private const string Sweep = """{ "lr": [0.1, 0.01] }""";

    [Fact]
    public async Task Cloud_submits_the_sweep_to_Vertex_AI_and_status_refreshes_it_from_the_recorded_endpoint()
    {
        await using var vertex = await VertexEmulator.StartAsync(new VertexEmulatorOptions { StateStep = TimeSpan.Zero });
        using var repo = new CliRepo(feed).Write("sweep.json", Sweep);
        var submitEnvironment = new Dictionary<string, string?>
        {
            ["CALIBAN_GOOGLE_ACCESS_TOKEN"] = vertex.Token,
            ["CalibanVertexEndpoint"] = vertex.BaseUrl.ToString(),
            ["CalibanImageRepository"] = $"{TestRegistries.Open}/caliban-cli/{repo.ImageName}",
        };

        var cloud = repo.Caliban(["cloud", "trainer.train", "--nogpu", "--project_id", vertex.ProjectId, "--region", "us-central1",
            "--experiment_config", "sweep.json", "--xgroup", "cloudy", "-l", "team=vision"], submitEnvironment);

        Assert.True(cloud.ExitCode == 0, cloud.ToString());
        Assert.Equal(2, vertex.CreatedJobs);
        Assert.All(vertex.Jobs, job => Assert.Contains($"{TestRegistries.Open}/caliban-cli/{repo.ImageName}@sha256:", job.ToJsonString()));
        Assert.All(vertex.Jobs, job => Assert.Equal("vision", job["labels"]?["team"]?.GetValue<string>()));

        var status = repo.Caliban(["status", "--xgroup", "cloudy"], new Dictionary<string, string?> { ["CALIBAN_GOOGLE_ACCESS_TOKEN"] = vertex.Token });
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(2, Regex.Matches(status.Output, "SUCCEEDED").Count);
        Assert.Contains("vertex", status.Output);
        Assert.DoesNotContain("CAL6101", status.Output);
    }

    [Fact]
    public async Task Cluster_job_submit_then_job_ls_and_pod_ls_show_the_jobs_and_their_pods()
    {
        await using var kube = await KubeApiEmulator.StartAsync(new KubeEmulatorOptions { StepInterval = TimeSpan.FromMilliseconds(50) });
        using var repo = new CliRepo(feed).Write("sweep.json", Sweep);
        var kubeconfig = kube.WriteKubeconfig(Path.Combine(Path.GetDirectoryName(repo.JobStore)!, "kubeconfig"));
        var environment = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["CalibanImageRepository"] = $"{TestRegistries.Open}/caliban-cli/{repo.ImageName}",
        };

        var submit = repo.Caliban(["cluster", "job", "submit", "trainer.train", "--nogpu", "--experiment_config", "sweep.json", "--xgroup", "clustered"], environment);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobs = kube.Jobs("default");
        Assert.Equal(2, jobs.Count);

        var pods = repo.Caliban(["cluster", "pod", "ls", "--xgroup", "clustered"], environment);
        Assert.True(pods.ExitCode == 0, pods.ToString());
        Assert.All(kube.Pods("default"), pod => Assert.Contains(pod["metadata"]!["name"]!.GetValue<string>(), pods.Output));
        Assert.All(jobs, job => Assert.Contains(job["metadata"]!["name"]!.GetValue<string>(), pods.Output));

        // The emulator finishes the pods within a few steps; job ls refreshes from the cluster the jobs recorded.
        ProcessResult list = null!;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            list = repo.Caliban(["cluster", "job", "ls", "--xgroup", "clustered"], environment);
            Assert.True(list.ExitCode == 0, list.ToString());
            if (Regex.Matches(list.Output, "SUCCEEDED").Count == 2) break;
            await Task.Delay(250);
        }
        Assert.Equal(2, Regex.Matches(list.Output, "SUCCEEDED").Count);
        Assert.Contains("kubernetes", list.Output);
    }

    [Fact]
    public async Task Pod_ls_names_the_cluster_and_the_fix_when_the_context_is_unknown()
    {
        await using var kube = await KubeApiEmulator.StartAsync();
        using var repo = new CliRepo(feed);
        var kubeconfig = kube.WriteKubeconfig(Path.Combine(Path.GetDirectoryName(repo.JobStore)!, "kubeconfig"));

        var pods = repo.Caliban(["cluster", "pod", "ls", "--cluster_name", "nowhere"], new Dictionary<string, string?> { ["KUBECONFIG"] = kubeconfig });

        Assert.NotEqual(0, pods.ExitCode);
        Assert.Contains("CAL5002", pods.Output);
        Assert.Contains("emulator", pods.Output);
        Assert.DoesNotContain("   at ", pods.Output);
    }
}
