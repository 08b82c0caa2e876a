using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;

namespace Caliban.Core.Tests.Vertex;

public sealed class VertexJobsClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Create_answers_with_a_name_under_the_project_number_that_get_reads_back()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { StateStep = Timeout.InfiniteTimeSpan });

        var created = await vertex.CreateAsync("exp-1", ["--lr", "0.1"], new Dictionary<string, string> { ["caliban_job"] = "1" });

        Assert.Matches($"^projects/{vertex.Emulator.ProjectNumber}/locations/us-central1/customJobs/[0-9]{{19}}$", created.Name);
        Assert.Equal(VertexJobStates.Queued, created.State);
        var read = await vertex.Client.GetAsync(created.Name!, None);
        Assert.Equal("exp-1", read.DisplayName);
        Assert.Equal(1, read.JobSpec.WorkerPoolSpecs[0].ReplicaCount);
        Assert.Equal(["--lr", "0.1"], read.JobSpec.WorkerPoolSpecs[0].ContainerSpec.Args!);
        Assert.Equal("1", read.Labels!["caliban_job"]);
        Assert.NotNull(read.CreateTime);
        Assert.Equal(1, vertex.Emulator.CreatedJobs);
    }

    [Fact]
    public async Task Every_field_the_models_know_is_accepted_by_the_strict_service()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var job = VertexHarness.Job("full") with
        {
            JobSpec = new CustomJobSpec
            {
                WorkerPoolSpecs =
                [
                    new WorkerPoolSpec
                    {
                        MachineSpec = new MachineSpec { MachineType = "a2-highgpu-2g", AcceleratorType = "NVIDIA_TESLA_A100", AcceleratorCount = 2, TpuTopology = "2x2" },
                        ReplicaCount = 1,
                        DiskSpec = new DiskSpec { BootDiskType = "pd-standard", BootDiskSizeGb = 250 },
                        ContainerSpec = new ContainerSpec { ImageUri = "img@sha256:" + new string('b', 64), Command = ["python", "-m", "t"], Args = ["--x"], Env = [new EnvVar("A", "1")] },
                    },
                ],
                Scheduling = new Scheduling { Timeout = "3600s", RestartJobOnWorkerRestart = true, DisableRetries = false, Strategy = "SPOT", MaxWaitDuration = "0s" },
                ServiceAccount = "sa@p.iam.gserviceaccount.com",
                Network = "projects/1/global/networks/vpc",
                BaseOutputDirectory = new GcsDestination("gs://bucket/run"),
                EnableWebAccess = true,
                Tensorboard = "projects/1/locations/us-central1/tensorboards/2",
            },
            Labels = new Dictionary<string, string> { ["user"] = "alice" },
        };

        var created = await vertex.Client.CreateAsync(vertex.Parent, job, None);

        var stored = Assert.Single(vertex.Emulator.Jobs);
        Assert.Equal("SPOT", (string?)stored["jobSpec"]!["scheduling"]!["strategy"]);
        Assert.Equal("1", (string?)stored["jobSpec"]!["workerPoolSpecs"]![0]!["replicaCount"]);
        Assert.Equal(250, created.JobSpec.WorkerPoolSpecs[0].DiskSpec!.BootDiskSizeGb);
        Assert.Equal("A", created.JobSpec.WorkerPoolSpecs[0].ContainerSpec.Env![0].Name);
    }

    [Fact]
    public async Task Output_only_fields_of_a_job_read_back_are_not_sent_again()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var first = await vertex.CreateAsync("again");

        var second = await vertex.Client.CreateAsync(vertex.Parent, first with { State = "JOB_STATE_SUCCEEDED" }, None);

        Assert.NotEqual(first.Name, second.Name);
        Assert.Equal(VertexJobStates.Queued, second.State);
    }

    [Fact]
    public async Task Jobs_go_from_queued_through_pending_and_running_to_succeeded()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { StateStep = TimeSpan.FromSeconds(1) });
        var created = await vertex.CreateAsync("progress");

        var seen = new List<string> { created.State! };
        var deadline = DateTime.UtcNow.AddSeconds(10);
        CustomJob job;
        do
        {
            await Task.Delay(20);
            job = await vertex.Client.GetAsync(created.Name!, None);
            if (seen[^1] != job.State)
                seen.Add(job.State!);
        }
        while (job.State != VertexJobStates.Succeeded && DateTime.UtcNow < deadline);

        Assert.Equal([VertexJobStates.Queued, VertexJobStates.Pending, VertexJobStates.Running, VertexJobStates.Succeeded], seen);
        Assert.NotNull(job.StartTime);
        Assert.NotNull(job.EndTime);
        Assert.Null(job.Error);
    }

    [Fact]
    public async Task A_job_given_the_fail_argument_ends_failed_with_an_error()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { StateStep = TimeSpan.Zero });
        var created = await vertex.CreateAsync("failing", ["--fail"]);

        var job = await vertex.Client.GetAsync(created.Name!, None);

        Assert.Equal(VertexJobStates.Failed, job.State);
        Assert.Equal(3, job.Error!.Code);
        Assert.Contains("non-zero status", job.Error.Message);
    }

    [Fact]
    public async Task List_reads_every_page()
    {
        await using var vertex = await VertexHarness.StartAsync(clientOptions: new VertexClientOptions { PageSize = 7, Retry = VertexHarness.FastRetries });
        for (var i = 0; i < 25; i++)
            await vertex.CreateAsync($"job-{i}");
        var before = vertex.Emulator.Requests;

        var jobs = await vertex.ListAsync(filter: null);

        Assert.Equal(25, jobs.Select(job => job.Name).Distinct().Count());
        Assert.Equal(4, vertex.Emulator.Requests - before);
        Assert.Equal("job-24", jobs[0].DisplayName);
    }

    [Fact]
    public async Task List_filters_by_labels_display_name_and_state()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { StateStep = Timeout.InfiniteTimeSpan });
        for (var i = 0; i < 6; i++)
            await vertex.CreateAsync($"job-{i}", labels: new Dictionary<string, string> { ["group"] = i % 2 == 0 ? "even" : "odd", ["index"] = $"{i}" });
        var cancelled = (await vertex.ListAsync("labels.index=\"3\"")).Single();
        await vertex.Client.CancelAsync(cancelled.Name!, None);

        Assert.Equal(3, (await vertex.ListAsync("labels.group=\"even\"")).Count);
        Assert.Equal("job-4", (await vertex.ListAsync("labels.group=\"even\" AND display_name=\"job-4\"")).Single().DisplayName);
        Assert.Empty(await vertex.ListAsync("labels.group=\"odd\" AND display_name=\"job-4\""));
        Assert.Equal("job-3", (await vertex.ListAsync("state=\"JOB_STATE_CANCELLING\"")).Single().DisplayName);
        Assert.Equal(5, (await vertex.ListAsync("state!=\"JOB_STATE_CANCELLING\"")).Count);
    }

    [Fact]
    public async Task A_filter_the_service_does_not_support_is_refused()
    {
        await using var vertex = await VertexHarness.StartAsync();

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.ListAsync("create_time > \"2020\""));

        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("INVALID_ARGUMENT", error.Status);
        Assert.False(error.IsTransient);
        Assert.Contains("Invalid filter", error.Message);
    }

    [Fact]
    public async Task Cancel_moves_a_running_job_to_cancelled_and_a_finished_job_cannot_be_cancelled()
    {
        await using var vertex = await VertexHarness.StartAsync(new VertexEmulatorOptions { StateStep = Timeout.InfiniteTimeSpan });
        var job = await vertex.CreateAsync("to-cancel");

        await vertex.Client.CancelAsync(job.Name!, None);

        Assert.Equal(VertexJobStates.Cancelling, (await vertex.Client.GetAsync(job.Name!, None)).State);
        await Task.Delay(150);
        var cancelled = await vertex.Client.GetAsync(job.Name!, None);
        Assert.Equal(VertexJobStates.Cancelled, cancelled.State);
        Assert.Equal(1, cancelled.Error!.Code);
        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.Client.CancelAsync(job.Name!, None));
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("FAILED_PRECONDITION", error.Status);
        Assert.Contains("JOB_STATE_CANCELLED", error.Message);
    }

    [Fact]
    public async Task An_unknown_job_is_not_found()
    {
        await using var vertex = await VertexHarness.StartAsync();

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.Client.GetAsync($"{vertex.Parent}/customJobs/42", None));

        Assert.Equal(404, error.HttpStatus);
        Assert.Equal("NOT_FOUND", error.Status);
        Assert.Equal(1, vertex.Emulator.Requests);
    }

    [Fact]
    public async Task An_unknown_region_is_refused_and_an_unknown_project_denied()
    {
        await using var vertex = await VertexHarness.StartAsync();

        var region = await Assert.ThrowsAsync<VertexApiException>(() =>
            vertex.Client.CreateAsync(vertex.Emulator.Parent("mars-north1"), VertexHarness.Job("x"), None));
        var project = await Assert.ThrowsAsync<VertexApiException>(() =>
            vertex.Client.CreateAsync("projects/someone-else/locations/us-central1", VertexHarness.Job("x"), None));

        Assert.Equal((400, "INVALID_ARGUMENT"), (region.HttpStatus, region.Status));
        Assert.Contains("mars-north1", region.Message);
        Assert.Equal((403, "PERMISSION_DENIED"), (project.HttpStatus, project.Status));
        Assert.Equal(0, vertex.Emulator.CreatedJobs);
    }

    [Fact]
    public async Task A_request_without_the_right_token_is_unauthenticated()
    {
        await using var vertex = await VertexHarness.StartAsync(token: "stale-token-value");

        var error = await Assert.ThrowsAsync<VertexApiException>(() => vertex.ListAsync(null));

        Assert.Equal((401, "UNAUTHENTICATED"), (error.HttpStatus, error.Status));
        Assert.False(error.IsTransient);
        Assert.DoesNotContain("stale-token-value", error.Message);
        Assert.DoesNotContain(vertex.Emulator.Token, error.Message);
        var user = VertexErrors.ToCalibanException(error, "listing jobs", "CALIBAN_GOOGLE_ACCESS_TOKEN");
        Assert.Equal(Caliban.Core.Diagnostics.ErrorCodes.VertexUnauthenticated, user.Code);
        Assert.DoesNotContain("stale-token-value", user.ToString());
    }

    [Fact]
    public async Task A_service_that_does_not_answer_is_unavailable_after_retries()
    {
        var emulator = await VertexEmulator.StartAsync();
        var deadUrl = emulator.BaseUrl;
        await emulator.DisposeAsync();
        using var client = new VertexJobsClient(deadUrl, new Caliban.Core.Google.FixedAccessToken("t"),
            new VertexClientOptions { Retry = VertexHarness.FastRetries, RequestTimeout = TimeSpan.FromSeconds(5) });

        var error = await Assert.ThrowsAsync<VertexApiException>(() => client.GetAsync("projects/p/locations/us-central1/customJobs/1", None));

        Assert.Equal((null, "UNAVAILABLE", true), (error.HttpStatus, error.Status, error.IsTransient));
        Assert.Contains(deadUrl.Authority, error.Message);
        Assert.Equal(Caliban.Core.Diagnostics.ErrorCodes.VertexUnavailable, VertexErrors.ToCalibanException(error, "reading job 1").Code);
    }

    [Fact]
    public async Task Unknown_states_are_kept_as_they_come()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var job = await vertex.CreateAsync("new-state");
        vertex.Emulator.SetState(job.Name!, "JOB_STATE_HIBERNATING");

        var read = await vertex.Client.GetAsync(job.Name!, None);

        Assert.Equal("JOB_STATE_HIBERNATING", read.State);
    }

    [Fact]
    public async Task The_service_writes_int64_as_strings_and_the_models_read_them()
    {
        await using var vertex = await VertexHarness.StartAsync();
        var job = await vertex.CreateAsync("int64");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(vertex.Emulator.BaseUrl, "v1/" + job.Name));
        request.Headers.Authorization = new("Bearer", vertex.Emulator.Token);

        var raw = System.Text.Json.Nodes.JsonNode.Parse(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;

        Assert.Equal(System.Text.Json.JsonValueKind.String, raw["jobSpec"]!["workerPoolSpecs"]![0]!["replicaCount"]!.GetValueKind());
        Assert.NotNull(raw["satisfiesPzs"]);
        var parsed = System.Text.Json.JsonSerializer.Deserialize<CustomJob>(raw.ToJsonString(), VertexJson.Options)!;
        Assert.Equal(1, parsed.JobSpec.WorkerPoolSpecs[0].ReplicaCount);
        Assert.Contains("\"replicaCount\":\"1\"", System.Text.Json.JsonSerializer.Serialize(parsed, VertexJson.Options));
    }
}
