using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Caliban.Emulators.Vertex;
using Caliban.Sdk.Tests.Infrastructure;

namespace Caliban.Sdk.Tests;

/// <summary>
/// CalibanCloud end to end: real `dotnet build` on the packed SDK, the real engine and the loopback registry
/// (eng/ensure-registry.sh), and the strict Vertex AI emulator started here and named by CalibanVertexEndpoint. The
/// token reaches the child process only through CALIBAN_GOOGLE_ACCESS_TOKEN, so no test reaches Google's credential discovery.
/// </summary>
[Collection("sdk")]
public sealed class CloudTests(SdkFeed feed) : IAsyncLifetime
{
    private const string Group = "e2e-cloud";
    private readonly List<ResearchRepo> _repos = [];
    private VertexEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        var registry = ProcessRunner.Run("bash", [Path.Combine(feed.RepositoryRoot, "eng", "ensure-registry.sh")], feed.RepositoryRoot,
            timeout: TimeSpan.FromMinutes(5));
        Assert.True(registry.ExitCode == 0, registry.ToString());
        // Jobs stay QUEUED until a test moves them, so each state the status shows is one the test chose.
        _emulator = await VertexEmulator.StartAsync(new VertexEmulatorOptions { StateStep = Timeout.InfiniteTimeSpan });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        foreach (var repo in _repos) DockerCli.RemoveRepository(PushedRepository(repo));
    }

    private static string PushedRepository(ResearchRepo repo) => $"127.0.0.1:5000/caliban-e2e/{repo.ImageName}";

    private ResearchRepo Repo(string body = "")
    {
        var repo = new ResearchRepo(feed).WithTrainer();
        _repos.Add(repo);
        return repo.WithProject($"""
              <PropertyGroup>
                <CalibanEntryPoint>trainer.train</CalibanEntryPoint>
                <CalibanUseGpu>false</CalibanUseGpu>
                <CalibanImageRepository>{PushedRepository(repo)}</CalibanImageRepository>
                <CalibanCloudProject>{_emulator.ProjectId}</CalibanCloudProject>
                <CalibanCloudRegion>us-central1</CalibanCloudRegion>
                <CalibanExperimentGroup>{Group}</CalibanExperimentGroup>
                <CalibanExperimentConfig>sweep.json</CalibanExperimentConfig>
              </PropertyGroup>
              <ItemGroup><CalibanLabel Include="team" Value="Vision" /></ItemGroup>
            {body}
            """).Write("sweep.json", """{ "seed": [0, 1, 2] }""");
    }

    private ProcessResult Build(ResearchRepo repo, params string[] arguments) => repo.Dotnet(
        [.. arguments, $"-p:CalibanVertexEndpoint={_emulator.BaseUrl}"],
        new Dictionary<string, string?> { ["CALIBAN_GOOGLE_ACCESS_TOKEN"] = _emulator.Token });

    [Fact]
    public void Cloud_submits_the_sweep_by_digest_then_status_stop_resubmit_and_logs_follow_it()
    {
        using var repo = Repo();

        var cloud = Build(repo, "build", "-t:CalibanCloud");

        Assert.True(cloud.ExitCode == 0, cloud.ToString());
        var jobs = _emulator.Jobs;
        Assert.Equal(3, jobs.Count);
        var image = Regex.Match(cloud.Output, @"127\.0\.0\.1:5000/caliban-e2e/\S+@sha256:[0-9a-f]{64}").Value;
        Assert.NotEmpty(image);
        Assert.Equal([0, 1, 2], jobs.Select(SeedOf).Order().ToArray());
        foreach (var job in jobs)
        {
            var container = job["jobSpec"]!["workerPoolSpecs"]![0]!["containerSpec"]!;
            Assert.Equal(image, (string)container["imageUri"]!);
            Assert.Equal(2, container["args"]!.AsArray().Count);
            var labels = job["labels"]!.AsObject();
            Assert.Equal("vision", (string)labels["team"]!);
            Assert.Equal(Group, (string)labels["caliban_xgroup"]!);
            Assert.Equal("false", (string)labels["gpu_enabled"]!);
            Assert.NotNull(labels["caliban_submission"]);
        }
        Assert.True(ManifestExists(image), $"{image} is not in the registry");
        Assert.Contains("[3/3] submitted", cloud.Output);
        Assert.Contains("https://console.cloud.google.com/", cloud.Output);

        // Status follows the service: one failed, one running, one still queued.
        var names = jobs.OrderBy(SeedOf).Select(job => (string)job["name"]!).ToArray();
        _emulator.SetState(names[0], "JOB_STATE_FAILED");
        _emulator.SetState(names[1], "JOB_STATE_RUNNING");
        var status = Build(repo, "build", "-t:CalibanStatus", $"-p:CalibanExperimentGroup={Group}");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Single(Regex.Matches(status.Output, @"job \d+\s+FAILED\s+vertex"));
        Assert.Single(Regex.Matches(status.Output, @"job \d+\s+RUNNING\s+vertex"));
        Assert.Single(Regex.Matches(status.Output, @"job \d+\s+SUBMITTED\s+vertex"));

        // Stop cancels the running and the queued job.
        var stop = Build(repo, "build", "-t:CalibanStop", $"-p:CalibanExperimentGroup={Group}");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Equal(2, Regex.Matches(stop.Output, "Stopped job").Count);
        Thread.Sleep(300); // the emulator's CANCELLING lasts 100 ms
        Assert.Equal("JOB_STATE_CANCELLED", (string)_emulator.Jobs.Single(job => (string)job["name"]! == names[2])["state"]!);
        var stopped = Build(repo, "build", "-t:CalibanStatus", $"-p:CalibanExperimentGroup={Group}");
        Assert.Equal(2, Regex.Matches(stopped.Output, @"job \d+\s+STOPPED\s+vertex").Count);

        // Resubmit sends the failed and the stopped ones again, on the current image, as new jobs.
        var resubmit = Build(repo, "build", "-t:CalibanResubmit", $"-p:CalibanExperimentGroup={Group}");
        Assert.True(resubmit.ExitCode == 0, resubmit.ToString());
        Assert.Contains("Resubmitting 3 Vertex AI job(s)", resubmit.Output);
        var all = _emulator.Jobs;
        Assert.Equal(6, all.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2], all.Select(SeedOf).Order().ToArray());
        Assert.All(all, job => Assert.Equal(image, (string)job["jobSpec"]!["workerPoolSpecs"]![0]!["containerSpec"]!["imageUri"]!));

        // Logs point at Cloud Logging and the gcloud command: Vertex AI has no plain log call for custom jobs.
        var logs = Build(repo, "build", "-t:CalibanLogs", $"-p:CalibanExperimentGroup={Group}");
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Equal(3, Regex.Matches(logs.Output, "gcloud ai custom-jobs stream-logs projects/").Count);
    }

    [Fact]
    public void Dry_run_writes_the_request_bodies_and_touches_nothing()
    {
        using var repo = Repo();
        var files = Path.Combine(repo.CalibanObj, "cloud");

        var first = Build(repo, "build", "-t:CalibanCloud", "-p:CalibanDryRun=true");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Dry run: 3 Vertex AI job(s)", first.Output);
        Assert.Contains("CAL4204", first.Output); // no pushed image: a placeholder, said so
        var written = Directory.GetFiles(files, "*.json").Order().ToArray();
        Assert.Equal(["job-0000.json", "job-0001.json", "job-0002.json"], written.Select(path => Path.GetFileName(path)!).ToArray());
        var body = JsonNode.Parse(File.ReadAllText(written[2]))!;
        Assert.Equal(["--seed", "2"], body["jobSpec"]!["workerPoolSpecs"]![0]!["containerSpec"]!["args"]!.AsArray().Select(a => (string)a!).ToArray());
        Assert.Equal("n1-highcpu-32", (string)body["jobSpec"]!["workerPoolSpecs"]![0]!["machineSpec"]!["machineType"]!);
        var texts = written.Select(File.ReadAllText).ToArray();

        var second = Build(repo, "build", "-t:CalibanCloud", "-p:CalibanDryRun=true");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(texts, Directory.GetFiles(files, "*.json").Order().Select(File.ReadAllText).ToArray()); // deterministic
        Assert.Equal(0, _emulator.Requests);
        Assert.False(File.Exists(repo.StampFile)); // nothing built
        Assert.False(File.Exists(repo.JobStore)); // nothing recorded
        Assert.Empty(DockerCli.Run("image", "ls", "-q", PushedRepository(repo)).Output.Trim()); // nothing pushed
    }

    [Fact]
    public void A_bad_gpu_and_machine_combination_fails_before_anything_is_built_or_sent()
    {
        using var repo = Repo();

        var cloud = Build(repo, "build", "-t:CalibanCloud", "-p:CalibanUseGpu=", "-p:CalibanGpuSpec=8xT4", "-p:CalibanMachineType=n1-standard-4");

        Assert.NotEqual(0, cloud.ExitCode);
        Assert.Contains("error CAL4123", cloud.Output);
        Assert.Contains("n1-standard-4", cloud.Output);
        Assert.Equal(0, _emulator.Requests);
        Assert.False(File.Exists(repo.StampFile));
        Assert.False(File.Exists(repo.JobStore));
    }

    private static int SeedOf(JsonObject job) =>
        int.Parse((string)job["jobSpec"]!["workerPoolSpecs"]![0]!["containerSpec"]!["args"]![1]!);

    private static bool ManifestExists(string reference)
    {
        var at = reference.IndexOf('@');
        var repository = reference[..at]["127.0.0.1:5000/".Length..];
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, $"http://127.0.0.1:5000/v2/{repository}/manifests/{reference[(at + 1)..]}");
        request.Headers.Accept.ParseAdd("application/vnd.docker.distribution.manifest.v2+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        return http.Send(request).IsSuccessStatusCode;
    }
}
