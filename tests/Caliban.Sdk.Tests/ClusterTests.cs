using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Caliban.Emulators.Kubernetes;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>
/// CalibanCluster end to end: `dotnet build` on the packed SDK, the real engine, the loopback registry 127.0.0.1:5000,
/// and the Kubernetes API emulator started here, reached through a kubeconfig passed as CalibanKubeConfig.
/// </summary>
[Collection("sdk")]
public sealed class ClusterTests(SdkFeed feed) : IAsyncLifetime
{
    private const string Registry = "127.0.0.1:5000";
    private KubeApiEmulator _emulator = null!;
    private string _kubeconfig = "";

    public async Task InitializeAsync()
    {
        var registry = ProcessRunner.Run("bash", [Path.Combine(feed.RepositoryRoot, "eng", "ensure-registry.sh")], feed.RepositoryRoot);
        Assert.True(registry.ExitCode == 0, registry.ToString());
        _emulator = await KubeApiEmulator.StartAsync(new KubeEmulatorOptions { StepInterval = TimeSpan.FromMilliseconds(100) });
        _emulator.AddNamespace("locked");
        _emulator.ForbiddenNamespaces.Add("locked");
        _kubeconfig = _emulator.WriteKubeconfig(Path.Combine(Path.GetTempPath(), $"caliban-kubeconfig-{Guid.NewGuid():N}", "config"), "emulator", "default");
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(_kubeconfig)!, recursive: true);
    }

    private ResearchRepo Repo(string body = "")
    {
        var repo = new ResearchRepo(feed).WithTrainer();
        return repo.WithProject($"""
              <PropertyGroup>
                <CalibanEntryPoint>trainer.train</CalibanEntryPoint>
                <CalibanImageRepository>{Registry}/caliban-e2e/{repo.ImageName}</CalibanImageRepository>
                <CalibanKubeConfig>{_kubeconfig}</CalibanKubeConfig>
                <CalibanExperimentConfig>sweep.json</CalibanExperimentConfig>
              </PropertyGroup>
            {body}
            """).Write("sweep.json", """[{ "seed": [0, 1] }, { "seed": 2, "fail": true }]""");
    }

    private static string Name(JsonObject job) => job["metadata"]!["name"]!.GetValue<string>();

    private IReadOnlyList<JsonObject> Jobs(string group) => _emulator.Jobs("default")
        .Where(job => job["metadata"]!["labels"]!["caliban.build/group"]?.GetValue<string>() == group).ToArray();

    private async Task WaitUntilFinishedAsync(string group)
    {
        for (var i = 0; i < 200 && Jobs(group).Any(job => job["status"]?["conditions"] is not JsonArray { Count: > 0 } conditions
                 || !conditions.Any(c => c!["type"]!.GetValue<string>() is "Complete" or "Failed")); i++)
            await Task.Delay(100);
    }

    [Fact]
    public async Task A_sweep_runs_as_jobs_and_status_logs_resubmit_and_stop_work()
    {
        using var repo = Repo();
        const string group = "e2e-cluster";
        try
        {
            var submit = repo.Dotnet("build", "-t:CalibanCluster", $"-p:CalibanExperimentGroup={group}", "-p:CalibanMinCpu=500m", "-p:CalibanMinMemory=1Gi");

            Assert.True(submit.ExitCode == 0, submit.ToString());
            Assert.Contains("Submitted 3 of 3 Job(s)", submit.Output);
            Assert.Matches(@"\[3/3\] created Job default/caliban-", submit.Output);
            var jobs = Jobs(group);
            Assert.Equal(3, jobs.Count);
            var container = jobs[0]["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.Matches($@"^{Regex.Escape(Registry)}/caliban-e2e/{repo.ImageName}@sha256:[0-9a-f]{{64}}$", container["image"]!.GetValue<string>());
            Assert.Equal("500m", container["resources"]!["requests"]!["cpu"]!.GetValue<string>());
            Assert.Contains(jobs, job => job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).SequenceEqual(["--seed", "2", "--fail"]));

            await WaitUntilFinishedAsync(group);
            var status = repo.Dotnet("build", "-t:CalibanStatus", $"-p:CalibanExperimentGroup={group}", "-p:CalibanMaxJobs=0");
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Equal(2, Regex.Matches(status.Output, @"job \d+\s+SUCCEEDED\s+kubernetes").Count);
            Assert.Single(Regex.Matches(status.Output, @"job \d+\s+FAILED\s+kubernetes"));

            var logs = repo.Dotnet("build", "-t:CalibanLogs", $"-p:CalibanExperimentGroup={group}");
            Assert.True(logs.ExitCode == 0, logs.ToString());
            Assert.Contains("args=--seed 1", logs.Output);
            Assert.Contains("--fail given", logs.Output);

            // Resubmit the failed job; keep it from running so there is something to stop.
            _emulator.StepInterval = Timeout.InfiniteTimeSpan;
            var resubmit = repo.Dotnet("build", "-t:CalibanResubmit", $"-p:CalibanExperimentGroup={group}", "-p:CalibanResubmitImage=recorded");
            Assert.True(resubmit.ExitCode == 0, resubmit.ToString());
            Assert.Contains("Resubmitting 1 Job(s) to namespace default on context emulator", resubmit.Output);
            Assert.Equal(4, Jobs(group).Count);

            var stop = repo.Dotnet("build", "-t:CalibanStop", $"-p:CalibanExperimentGroup={group}");
            Assert.True(stop.ExitCode == 0, stop.ToString());
            Assert.Single(Regex.Matches(stop.Output, "Stopped job"));
            Assert.Equal(3, Jobs(group).Count); // deleted, with its pods (propagation Background)
            var after = repo.Dotnet("build", "-t:CalibanStatus", $"-p:CalibanExperimentGroup={group}");
            Assert.Matches(@"job \d+\s+STOPPED\s+kubernetes", after.Output);
        }
        finally
        {
            _emulator.StepInterval = TimeSpan.FromMilliseconds(100);
            DockerCli.RemoveRepository($"{Registry}/caliban-e2e/{repo.ImageName}");
        }
    }

    [Fact]
    public async Task Dry_run_indexed_job_export_and_submit_file()
    {
        using var repo = Repo();
        try
        {
            var dry = repo.Dotnet("build", "-t:CalibanCluster", "-p:CalibanDryRun=true", "-p:CalibanClusterIndexedJob=true");
            Assert.True(dry.ExitCode == 0, dry.ToString());
            Assert.Contains("nothing is pushed, submitted or recorded", dry.Output);
            Assert.Contains("completionMode: Indexed", dry.Output);
            Assert.Empty(Jobs("e2e-indexed"));
            Assert.Null(DockerCli.ImageId($"{repo.ImageName}:latest")); // nothing built
            Assert.False(File.Exists(repo.JobStore));

            var indexed = repo.Dotnet("build", "-t:CalibanCluster", "-p:CalibanClusterIndexedJob=true", "-p:CalibanExperimentGroup=e2e-indexed");
            Assert.True(indexed.ExitCode == 0, indexed.ToString());
            var job = Assert.Single(Jobs("e2e-indexed"));
            Assert.Equal("Indexed", job["spec"]!["completionMode"]!.GetValue<string>());
            Assert.Equal(3, job["spec"]!["completions"]!.GetValue<long>());
            await WaitUntilFinishedAsync("e2e-indexed");
            var status = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-indexed");
            Assert.Equal(3, Regex.Matches(status.Output, @"job \d+\s+SUCCEEDED\s+kubernetes").Count); // one row per index

            var export = repo.Dotnet("build", "-t:CalibanClusterExport", "-p:CalibanClusterExportFormat=single");
            Assert.True(export.ExitCode == 0, export.ToString());
            var file = Path.Combine(repo.CalibanObj, "cluster-export", "jobs.yaml");
            var first = File.ReadAllText(file);
            Assert.Equal(3, Regex.Matches(first, "^kind: Job", RegexOptions.Multiline).Count);
            Assert.True(repo.Dotnet("build", "-t:CalibanClusterExport", "-p:CalibanClusterExportFormat=single").ExitCode == 0);
            Assert.Equal(first, File.ReadAllText(file)); // deterministic
            Assert.Empty(Jobs($"{Environment.UserName}-export")); // exported, not submitted

            var submitFile = repo.Dotnet("build", "-t:CalibanClusterSubmitFile", $"-p:CalibanManifestFile={file}", "-p:CalibanExperimentGroup=e2e-file");
            Assert.True(submitFile.ExitCode == 0, submitFile.ToString());
            Assert.Equal(3, Jobs("e2e-file").Count);
            var fileStatus = repo.Dotnet("build", "-t:CalibanStatus", "-p:CalibanExperimentGroup=e2e-file", "-p:CalibanMaxJobs=0");
            Assert.Equal(3, Regex.Matches(fileStatus.Output, @"job \d+\s+\w+\s+kubernetes").Count);
        }
        finally
        {
            DockerCli.RemoveRepository($"{Registry}/caliban-e2e/{repo.ImageName}");
        }
    }

    [Fact]
    public void An_unknown_context_and_a_forbidden_namespace_are_coded_errors()
    {
        using var repo = Repo();
        // An image already pushed: no build, no push, straight to the cluster.
        var image = $"-p:CalibanPushedImage={Registry}/caliban-e2e/none@sha256:{new string('0', 64)}";

        var context = repo.Dotnet("build", "-t:CalibanCluster", image, "-p:CalibanKubeContext=staging");
        Assert.NotEqual(0, context.ExitCode);
        Assert.Contains("error CAL5002", context.Output);
        Assert.Contains("Its contexts are: emulator", context.Output);

        var forbidden = repo.Dotnet("build", "-t:CalibanCluster", image, "-p:CalibanKubeNamespace=locked", "-p:CalibanExperimentGroup=e2e-locked");
        Assert.NotEqual(0, forbidden.ExitCode);
        Assert.Contains("error CAL5005", forbidden.Output);
        Assert.Contains("namespace locked", forbidden.Output);
        Assert.Contains("RBAC", forbidden.Output);
        Assert.Empty(_emulator.Jobs("locked"));
    }
}
