using Caliban.Core.Net;
using System.Text.Json.Nodes;
using Caliban.Core.CloudRuns;
using Caliban.Core.Diagnostics;
using Caliban.Core.Experiments;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Caliban.Core.Tests.History;
using Caliban.Core.Vertex;
using Caliban.Emulators.Vertex;
using CoreRetryPolicy = Caliban.Core.Net.RetryPolicy;

namespace Caliban.Core.Tests.CloudRuns;

/// <summary>The submitter against the strict emulator: every CalibanJob becomes exactly one Vertex AI job, whatever fails.</summary>
public sealed class VertexSubmitterTests(VertexEmulatorFixture fixture) : IClassFixture<VertexEmulatorFixture>, IDisposable
{
    private static readonly CoreRetryPolicy FastRetry = new() { MaxAttempts = 12, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(80) };

    private readonly TempHistory _history = new();
    private readonly ThreadSafeLog _log = new();
    private VertexEmulator Emulator => fixture.Emulator;

    [Fact]
    public async Task Every_job_is_created_exactly_once_when_thirty_percent_of_requests_fail()
    {
        fixture.Calm();
        Emulator.FailureRate = 0.3;
        using var store = _history.Open();
        using var client = fixture.Client();
        var submission = Submission(80, maxParallel: 8);
        var requestsBefore = Emulator.CreateRequests;

        var outcomes = await new VertexSubmitter(client, store, _log).SubmitAsync(submission, CancellationToken.None);
        Emulator.FailureRate = 0;

        Assert.All(outcomes, outcome => Assert.True(outcome.Submitted, outcome.Error));
        var created = JobsOf(submission);
        Assert.Equal(80, created.Count);
        Assert.Equal(80, created.Select(job => Label(job, CloudRunLabels.Job)).Distinct().Count()); // none twice
        Assert.True(Emulator.CreateRequests - requestsBefore > 80, "no create failed: the test proves nothing");
        // Some creates failed after the job was stored: those jobs were found by label, not created again.
        Assert.Contains(_log.Details, line => line.Contains("created by an earlier attempt"));

        var recorded = store.ListJobs(new JobQuery { Backend = VertexSubmitter.Backend });
        Assert.Equal(80, recorded.Count);
        Assert.Equal(created.Select(job => (string)job["name"]!).Order(), recorded.Select(job => job.ExternalId!).Order());
        Assert.All(recorded, job => Assert.Equal(JobStatus.Submitted, job.Status));
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_found_by_its_labels_not_sent_again()
    {
        fixture.Calm();
        Emulator.EnqueueFault(VertexFaultKind.Unavailable, VertexOperation.Create, afterCommit: true);
        using var store = _history.Open();
        using var client = fixture.Client();
        var submission = Submission(1);
        var before = Emulator.CreateRequests;

        var outcome = Assert.Single(await new VertexSubmitter(client, store, _log).SubmitAsync(submission, CancellationToken.None));

        Assert.True(outcome.Submitted, outcome.Error);
        Assert.Equal(1, Emulator.CreateRequests - before);
        var job = Assert.Single(JobsOf(submission));
        Assert.Equal((string)job["name"]!, outcome.VertexName);
        Assert.Equal(outcome.VertexName, Assert.Single(store.ListJobs(new JobQuery())).ExternalId);
    }

    [Fact]
    public async Task No_more_than_the_bound_are_in_flight_at_once()
    {
        fixture.Calm();
        Emulator.Latency = TimeSpan.FromMilliseconds(60);
        using var store = _history.Open();
        using var inner = fixture.Client();
        var client = new CountingClient(inner);

        var outcomes = await new VertexSubmitter(client, store, _log).SubmitAsync(Submission(24, maxParallel: 4), CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.True(outcome.Submitted, outcome.Error));
        Assert.Equal(4, client.MaxInFlight);
    }

    [Fact]
    public async Task A_rejected_job_is_recorded_failed_and_reported_while_the_others_go_out()
    {
        fixture.Calm();
        using var store = _history.Open();
        using var client = fixture.Client();
        var submission = Submission(3);
        // An upper-case label value: the service answers 400 INVALID_ARGUMENT for this one job.
        var bad = submission.Jobs[1] with { Request = submission.Jobs[1].Request with { Labels = new Dictionary<string, string> { ["team"] = "Vision" } } };
        submission = Copy(submission, [submission.Jobs[0], bad, submission.Jobs[2]]);

        var outcomes = await new VertexSubmitter(client, store, _log).SubmitAsync(submission, CancellationToken.None);

        Assert.True(outcomes[0].Submitted && outcomes[2].Submitted);
        Assert.False(outcomes[1].Submitted);
        Assert.Contains("INVALID_ARGUMENT", outcomes[1].Error);
        Assert.Equal(2, JobsOf(submission).Count);
        var rows = store.ListJobs(new JobQuery()).OrderBy(job => job.JobId).ToArray();
        Assert.Equal([JobStatus.Submitted, JobStatus.Failed, JobStatus.Submitted], rows.Select(job => job.Status).ToArray());
        Assert.Null(rows[1].ExternalId);
        Assert.Contains("INVALID_ARGUMENT", VertexJobDetails.FromJson(rows[1].Details)!.Error);
        var failure = CloudSubmitSummary.DescribeFailures(outcomes.Where(o => !o.Submitted).ToArray(), "g");
        Assert.Contains(outcomes[1].DisplayName, failure);
        Assert.Contains("--seed 1", failure);
        Assert.Contains("FAILED", CloudSubmitSummary.Format(outcomes, "g"));
        Assert.Contains(outcomes[0].ConsoleUrl!, CloudSubmitSummary.Format(outcomes, "g"));
    }

    [Fact]
    public async Task Refused_credentials_stop_the_submission_after_the_first_refusal()
    {
        fixture.Calm();
        using var store = _history.Open();
        using var client = fixture.Client(token: "not-the-token");
        var before = Emulator.CreateRequests;

        var outcomes = await new VertexSubmitter(client, store, _log).SubmitAsync(Submission(5, maxParallel: 1), CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.False(outcome.Submitted));
        Assert.Equal(1, Emulator.CreateRequests - before);
        Assert.All(store.ListJobs(new JobQuery()), job => Assert.Equal(JobStatus.Failed, job.Status));
        Assert.Contains("not sent", outcomes[4].Error);
    }

    [Fact]
    public async Task A_canceled_submission_leaves_unsent_jobs_stopped_and_in_flight_ones_findable()
    {
        fixture.Calm();
        Emulator.Latency = TimeSpan.FromMilliseconds(200);
        Emulator.StateStep = Timeout.InfiniteTimeSpan;
        using var store = _history.Open();
        using var client = fixture.Client();
        var submission = Submission(12, maxParallel: 2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new VertexSubmitter(client, store, _log).SubmitAsync(submission, cancel.Token));
        Emulator.Latency = TimeSpan.Zero;
        await Task.Delay(400); // requests the emulator was still answering

        var rows = store.ListJobs(new JobQuery());
        Assert.Equal(12, rows.Count);
        Assert.DoesNotContain(rows, row => row.Status == JobStatus.Failed);
        Assert.Contains(rows, row => row.Status == JobStatus.Stopped && row.ExternalId is null);
        var named = rows.Where(row => row.ExternalId is not null).Select(row => row.ExternalId!).ToHashSet();
        var created = JobsOf(submission);
        Assert.All(named, name => Assert.Contains(created, job => (string)job["name"]! == name));
        Assert.True(created.Count <= rows.Count(row => row.Status != JobStatus.Stopped));
    }

    [Fact]
    public async Task A_job_recorded_without_its_name_is_found_by_its_labels_for_status_and_stop()
    {
        fixture.Calm();
        Emulator.StateStep = Timeout.InfiniteTimeSpan;
        using var store = _history.Open();
        using var client = fixture.Client();
        // As if a build died between sending the create and storing the answer: the row has the request, no name.
        var group = store.GetOrCreateGroup("sweep", "alice");
        var spec = store.GetOrCreateContainerSpec(new ContainerSpecInput { ImageId = "sha256:local", ProjectDirectory = "/repo", SpecJson = "{}" });
        var request = CloudDryRunTests.Request(0).Request with { Labels = CloudRunLabels.For(CloudSubmission.NewSubmissionId(), 0) };
        var jobId = store.AddJob(new NewJob
        {
            ExperimentId = store.GetOrCreateExperiment(group.Id, spec.Id, "seed=0", ["--seed", "0"]).Id,
            Backend = VertexSubmitter.Backend,
            SpecJson = new VertexJobSpec(Emulator.Parent(), request).ToJson(),
            User = "alice",
            Details = new VertexJobDetails { Project = Emulator.ProjectId, Region = "us-central1", DisplayName = request.DisplayName, ImageUri = "i", Submission = "s" }.ToJson(),
        });
        var row = store.ListJobs(new JobQuery { JobIds = [jobId] }).Single();
        var backend = new VertexBackend(_ => client, _log);

        Assert.Equal(JobStatus.Submitted, (await backend.RefreshAsync(row, default)).Status); // not sent yet, or still on its way
        Emulator.StateStep = TimeSpan.FromSeconds(1); // QUEUED, PENDING, then RUNNING from 2 s on
        var created = await client.CreateAsync(Emulator.Parent(), request, default);
        await Task.Delay(TimeSpan.FromSeconds(2.3));
        Assert.Equal(JobStatus.Running, (await backend.RefreshAsync(row, default)).Status);
        await backend.StopAsync(row, default);
        Assert.StartsWith("JOB_STATE_CANCEL", (string)JobsOf(created.Name!)["state"]!);
    }

    [Fact]
    public async Task Status_follows_the_service_and_stop_cancels()
    {
        fixture.Calm();
        Emulator.StateStep = Timeout.InfiniteTimeSpan; // jobs wait in QUEUED until told otherwise
        using var store = _history.Open();
        using var client = fixture.Client();
        var outcomes = await new VertexSubmitter(client, store, _log).SubmitAsync(Submission(2), CancellationToken.None);
        var backend = new VertexBackend(_ => client, _log);
        JobView Row(int position) => store.ListJobs(new JobQuery { JobIds = [outcomes[position].JobId] }).Single();

        Assert.Equal(JobStatus.Submitted, (await backend.RefreshAsync(Row(0), default)).Status);
        Emulator.SetState(outcomes[0].VertexName!, VertexJobStates.Running);
        Assert.Equal(JobStatus.Running, (await backend.RefreshAsync(Row(0), default)).Status);
        Emulator.SetState(outcomes[0].VertexName!, "JOB_STATE_SOMETHING_NEW");
        Assert.Equal(JobStatus.Submitted, (await backend.RefreshAsync(Row(0), default)).Status); // unknown: kept
        Emulator.SetState(outcomes[0].VertexName!, VertexJobStates.PartiallySucceeded);
        Assert.Equal(JobStatus.Failed, (await backend.RefreshAsync(Row(0), default)).Status);

        await backend.StopAsync(Row(1), default);
        await Task.Delay(300); // CANCELLING lasts 100 ms when jobs are frozen
        var stopped = await backend.RefreshAsync(Row(1), default);
        Assert.Equal(JobStatus.Stopped, stopped.Status);
        Assert.NotNull(stopped.FinishedAt);
        Assert.Equal(VertexJobStates.Cancelled, (string)JobsOf(outcomes[1].VertexName!)["state"]!);
        await backend.StopAsync(Row(1), default); // an ended job: nothing to do, no error

        var logs = await backend.GetLogsAsync(Row(1), default);
        Assert.Contains($"gcloud ai custom-jobs stream-logs {outcomes[1].VertexName}", logs);
    }

    [Fact]
    public async Task Jobs_finish_on_their_own_and_a_failing_one_reads_failed()
    {
        fixture.Calm();
        Emulator.StateStep = TimeSpan.FromMilliseconds(100);
        using var store = _history.Open();
        using var client = fixture.Client();
        var submission = Submission(2);
        submission = Copy(submission, [submission.Jobs[0], WithArgs(submission.Jobs[1], ["--fail"])]);
        var outcomes = await new VertexSubmitter(client, store, _log).SubmitAsync(submission, CancellationToken.None);
        await Task.Delay(500);

        var refreshed = await new JobRefresher(store, (_, _) => Task.FromResult<IJobBackend?>(new VertexBackend(_ => client, _log)), _log)
            .RefreshAsync(store.ListJobs(new JobQuery()), default);

        Assert.Equal([JobStatus.Succeeded, JobStatus.Failed], refreshed.OrderBy(job => job.JobId).Select(job => job.Status).ToArray());
        Assert.All(store.ListJobs(new JobQuery()), job => Assert.NotNull(job.FinishedAt));
    }

    [Fact]
    public async Task Resubmit_sends_the_recorded_request_again_on_a_new_image_as_new_jobs_of_the_same_experiments()
    {
        fixture.Calm();
        using var store = _history.Open();
        using var client = fixture.Client();
        var first = await new VertexSubmitter(client, store, _log).SubmitAsync(Submission(2), CancellationToken.None);
        var recorded = store.ListJobs(new JobQuery());
        const string newImage = "127.0.0.1:5000/research@sha256:2222222222222222222222222222222222222222222222222222222222222222";
        var current = new PushedImage(Image() with { ImageId = "sha256:new" }, newImage, "sha256:2222");

        var again = await VertexResubmitter.ResubmitAsync(recorded, current, "sweep", "alice", 4, _ => client, store, _log, default);

        Assert.All(again, outcome => Assert.True(outcome.Submitted, outcome.Error));
        Assert.DoesNotContain(again, outcome => first.Any(f => f.VertexName == outcome.VertexName));
        var sent = again.Select(outcome => JobsOf(outcome.VertexName!)).ToArray();
        Assert.All(sent, job => Assert.Equal(newImage, (string)job["jobSpec"]!["workerPoolSpecs"]![0]!["containerSpec"]!["imageUri"]!));
        var rows = store.ListJobs(new JobQuery());
        Assert.Equal(4, rows.Count);
        Assert.Equal(2, rows.Select(job => job.ExperimentId).Distinct().Count());
        // A job's own image is in its record (the experiment keeps the image it was first made with).
        var details = VertexJobDetails.FromJson(rows.Single(job => job.ExternalId == again[0].VertexName).Details)!;
        Assert.Equal(("sha256:2222", newImage), (details.ImageDigest, details.ImageUri));
    }

    private CloudSubmission Submission(int count, int maxParallel = 16)
    {
        var submissionId = CloudSubmission.NewSubmissionId();
        return new CloudSubmission
        {
            Project = Emulator.ProjectId,
            Region = "us-central1",
            Endpoint = Emulator.BaseUrl.AbsoluteUri,
            Group = "sweep",
            User = "alice",
            Image = Image(),
            ImageUri = "127.0.0.1:5000/research@sha256:1111111111111111111111111111111111111111111111111111111111111111",
            ImageDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111",
            Jobs = Enumerable.Range(0, count).Select(index => CloudDryRunTests.Request(index, "127.0.0.1:5000/research@sha256:" + new string('1', 64))).ToArray(),
            MaxParallel = maxParallel,
            Retry = FastRetry,
            SubmissionId = submissionId,
        };
    }

    private static RunImage Image() => new()
    {
        ImageId = "sha256:local", Tag = "research:abc", ProjectDirectory = "/repo", BuildSpecJson = """{"entryPoint":"trainer.train"}""",
    };

    private static CloudSubmission Copy(CloudSubmission submission, IReadOnlyList<CloudJobRequest> jobs) => new()
    {
        Project = submission.Project, Region = submission.Region, Endpoint = submission.Endpoint, Group = submission.Group,
        User = submission.User, Image = submission.Image, ImageUri = submission.ImageUri, ImageDigest = submission.ImageDigest,
        Jobs = jobs, MaxParallel = submission.MaxParallel, Retry = submission.Retry, SubmissionId = submission.SubmissionId,
    };

    private static CloudJobRequest WithArgs(CloudJobRequest request, string[] args)
    {
        var pool = request.Request.JobSpec.WorkerPoolSpecs[0];
        return request with
        {
            Request = request.Request with
            {
                JobSpec = request.Request.JobSpec with { WorkerPoolSpecs = [pool with { ContainerSpec = pool.ContainerSpec with { Args = args } }] },
            },
        };
    }

    private List<JsonObject> JobsOf(CloudSubmission submission) =>
        Emulator.Jobs.Where(job => Label(job, CloudRunLabels.Submission) == submission.SubmissionId).ToList();

    private JsonObject JobsOf(string name) => Emulator.Jobs.Single(job => (string)job["name"]! == name);

    private static string? Label(JsonObject job, string key) => job["labels"]?[key]?.GetValue<string>();

    public void Dispose() => _history.Dispose();

    /// <summary>Counts the creates in flight at once.</summary>
    private sealed class CountingClient(IVertexJobsClient inner) : IVertexJobsClient
    {
        private int _inFlight;
        private int _max;

        public int MaxInFlight => Volatile.Read(ref _max);

        public async Task<CustomJob> CreateAsync(string parent, CustomJob job, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
            try { return await inner.CreateAsync(parent, job, ct); }
            finally { Interlocked.Decrement(ref _inFlight); }
        }

        public Task<CustomJob> GetAsync(string name, CancellationToken ct) => inner.GetAsync(name, ct);
        public IAsyncEnumerable<CustomJob> ListAsync(string parent, string? filter, CancellationToken ct) => inner.ListAsync(parent, filter, ct);
        public Task CancelAsync(string name, CancellationToken ct) => inner.CancelAsync(name, ct);
    }
}
