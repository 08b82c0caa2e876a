using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStoreJobsTests
{
    [Fact]
    public void A_recorded_job_reads_back_with_its_experiment_group_and_spec()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var before = DateTime.UtcNow;
        var group = store.GetOrCreateGroup("sweep", "alice");
        var spec = store.GetOrCreateContainerSpec(new ContainerSpecInput
        {
            ImageId = "sha256:abc",
            ImageTag = "caliban/t:1",
            GitCommit = "c0ffee",
            GitDirty = false,
            ProjectDirectory = "/repo",
            SpecJson = """{"entryPoint":"trainer.train"}""",
        });
        var arguments = new[] { "--name", "\"quoted\" naïve ✓", "line\nbreak", "" };
        var experiment = store.GetOrCreateExperiment(group.Id, spec.Id, "trainer.train", arguments);

        var jobId = store.AddJob(new NewJob
        {
            ExperimentId = experiment.Id,
            Backend = "local",
            Status = JobStatus.Running,
            SpecJson = """{"command":["docker","run","--rm"],"container":"caliban/t:1"}""",
            User = "alice",
            ExternalId = "3f2a",
            LogPath = "/tmp/log.txt",
            Details = """{"ret_code":null,"note":"ünïcode"}""",
        });

        var job = Assert.Single(store.ListJobs(new JobQuery { JobIds = [jobId] }));
        Assert.Equal(jobId, job.JobId);
        Assert.Equal(JobStatus.Running, job.Status);
        Assert.Equal("local", job.Backend);
        Assert.Equal("3f2a", job.ExternalId);
        Assert.Null(job.ExitCode);
        Assert.InRange(job.CreatedAt, before, DateTime.UtcNow);
        Assert.Equal(DateTimeKind.Utc, job.CreatedAt.Kind);
        Assert.Null(job.StartedAt);
        Assert.Equal("""{"command":["docker","run","--rm"],"container":"caliban/t:1"}""", job.SpecJson);
        Assert.Equal("/tmp/log.txt", job.LogPath);
        Assert.Equal("""{"ret_code":null,"note":"ünïcode"}""", job.Details);
        Assert.Equal("alice", job.User);
        Assert.Equal(experiment.Id, job.ExperimentId);
        Assert.Equal("trainer.train", job.ExperimentName);
        Assert.Equal(arguments, job.Arguments);
        Assert.Equal((group.Id, "sweep"), (job.GroupId, job.GroupName));
        Assert.Equal((spec.Id, "sha256:abc", "caliban/t:1", "c0ffee", (bool?)false), (job.ContainerSpecId, job.ImageId, job.ImageTag, job.GitCommit, job.GitDirty));
        Assert.Null(job.ImageDigest);
        Assert.Null(job.BaseImage);
        Assert.Equal("/repo", job.ProjectDirectory);
        Assert.Equal("""{"entryPoint":"trainer.train"}""", job.ContainerSpecJson);
    }

    [Fact]
    public void Times_are_stored_as_UTC_ISO_8601_text()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var jobId = store.Add(store.Experiment("g", "alice"));
        var started = new DateTime(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);
        var finishedLocal = new DateTime(2025, 3, 4, 9, 0, 0, DateTimeKind.Utc).ToLocalTime();

        store.UpdateJob(jobId, new JobUpdate { StartedAt = started, FinishedAt = finishedLocal });

        Assert.Equal("2025-03-04T05:06:07.8900000Z", history.Scalar($"SELECT started_at FROM caliban_jobs WHERE id = {jobId}"));
        Assert.Equal("2025-03-04T09:00:00.0000000Z", history.Scalar($"SELECT finished_at FROM caliban_jobs WHERE id = {jobId}"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$", (string)history.Scalar($"SELECT created_at FROM caliban_jobs WHERE id = {jobId}")!);
        var job = store.ListJobs(new JobQuery()).Single();
        Assert.Equal(started, job.StartedAt);
        Assert.Equal(DateTimeKind.Utc, job.StartedAt!.Value.Kind);
        Assert.Equal(new DateTime(2025, 3, 4, 9, 0, 0, DateTimeKind.Utc), job.FinishedAt);
    }

    [Fact]
    public void KeepStopped_leaves_a_stopped_job_stopped_but_still_records_the_rest()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");
        var stopped = store.Add(experiment);
        var running = store.Add(experiment);
        store.UpdateJob(stopped, new JobUpdate { Status = JobStatus.Stopped });
        store.UpdateJob(running, new JobUpdate { Status = JobStatus.Running });

        foreach (var jobId in new[] { stopped, running })
            store.UpdateJob(jobId, new JobUpdate { Status = JobStatus.Failed, ExitCode = 143, KeepStopped = true });

        var jobs = store.ListJobs(new JobQuery());
        Assert.Equal(JobStatus.Stopped, jobs.Single(view => view.JobId == stopped).Status);
        Assert.Equal(143, jobs.Single(view => view.JobId == stopped).ExitCode);
        Assert.Equal(JobStatus.Failed, jobs.Single(view => view.JobId == running).Status);
    }

    [Fact]
    public void Updates_change_only_the_given_members()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");
        var jobId = store.AddJob(StoreSeeds.Job(experiment.Id));
        var untouchedId = store.Add(experiment);

        store.UpdateJob(jobId, new JobUpdate { Status = JobStatus.Running, ExternalId = "c1", LogPath = "/logs/1" });
        store.UpdateJob(jobId, new JobUpdate { Status = JobStatus.Failed, ExitCode = 3, Details = """{"ret_code":3}""" });

        var jobs = store.ListJobs(new JobQuery());
        var job = jobs.Single(view => view.JobId == jobId);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(3, job.ExitCode);
        Assert.Equal("c1", job.ExternalId);
        Assert.Equal("/logs/1", job.LogPath);
        Assert.Equal("""{"ret_code":3}""", job.Details);
        var untouched = jobs.Single(view => view.JobId == untouchedId);
        Assert.Equal(JobStatus.Submitted, untouched.Status);
        Assert.Null(untouched.ExitCode);
    }

    [Fact]
    public void AddJobs_returns_ids_in_order_and_stores_all_of_them()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");

        var ids = store.AddJobs(Enumerable.Range(0, 50).Select(_ => StoreSeeds.Job(experiment.Id)).ToArray());

        Assert.Equal(50, ids.Count);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids, store.ListJobs(new JobQuery()).Select(job => job.JobId));
        Assert.Empty(store.AddJobs([]));
    }

    [Fact]
    public void AddJobs_stores_nothing_when_one_job_fails()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");
        var jobs = new[] { StoreSeeds.Job(experiment.Id), StoreSeeds.Job(experiment.Id), StoreSeeds.Job(experimentId: 9999) };

        Assert.ThrowsAny<Exception>(() => store.AddJobs(jobs));

        Assert.Empty(store.ListJobs(new JobQuery()));
    }

    [Fact]
    public void Job_ids_are_never_reused()
    {
        using var history = new TempHistory();
        long last;
        using (var store = history.Open())
        {
            last = store.Add(store.Experiment("g", "alice"));
        }
        history.Execute($"DELETE FROM caliban_jobs WHERE id = {last}");

        using var reopened = history.Open();
        Assert.True(reopened.Add(reopened.Experiment("g", "alice")) > last);
    }
}
