using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

/// <summary>
/// ListJobs against one history: alice's groups g1 (experiments A, B) and g2 (C), and bob's own g1 (D), with jobs
/// recorded interleaved: a1 b1 c1 d1 a2 b2 c2 a3.
/// </summary>
public sealed class JobStoreListTests : IDisposable
{
    private readonly TempHistory _history = new();
    private readonly JobStore _store;
    private readonly Dictionary<long, string> _names = [];

    public JobStoreListTests()
    {
        _store = _history.Open();
        var a = _store.Experiment("g1", "alice", "--exp", "A");
        var b = _store.Experiment("g1", "alice", "--exp", "B");
        var c = _store.Experiment("g2", "alice", "--exp", "C");
        var d = _store.Experiment("g1", "bob", "--exp", "D");
        Record("a1", a, JobStatus.Failed);
        Record("b1", b, JobStatus.Succeeded);
        Record("c1", c, JobStatus.Running, backend: "vertex");
        Record("d1", d, JobStatus.Failed, user: "bob");
        Record("a2", a, JobStatus.Succeeded);
        Record("b2", b, JobStatus.Failed);
        Record("c2", c, JobStatus.Succeeded, backend: "vertex");
        Record("a3", a, JobStatus.Failed);
    }

    [Fact]
    public void Everything_in_group_experiment_job_order() =>
        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "c1", "c2", "d1"], List(new JobQuery()));

    [Fact]
    public void Without_a_group_the_users_most_recent_jobs() =>
        Assert.Equal(["a3", "b2", "c2"], List(new JobQuery { User = "alice", MaxJobs = 3 }));

    [Fact]
    public void With_a_group_the_last_jobs_of_each_experiment() =>
        Assert.Equal(["a2", "a3", "b1", "b2"], List(new JobQuery { Group = "g1", User = "alice", MaxJobs = 2 }));

    [Fact]
    public void A_group_name_without_a_user_spans_users() =>
        Assert.Equal(["a3", "b2", "d1"], List(new JobQuery { Group = "g1", MaxJobs = 1 }));

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public void No_limit_means_all_jobs(int? maxJobs) =>
        Assert.Equal(7, List(new JobQuery { User = "alice", MaxJobs = maxJobs }).Count);

    [Fact]
    public void Latest_per_experiment() =>
        Assert.Equal(["a3", "b2", "c2"], List(new JobQuery { User = "alice", LatestPerExperiment = true }));

    [Fact]
    public void Latest_per_experiment_with_a_status_keeps_experiments_whose_latest_job_has_it() =>
        Assert.Equal(["a3", "b2"], List(new JobQuery { User = "alice", LatestPerExperiment = true, Statuses = [JobStatus.Failed, JobStatus.Stopped] }));

    [Fact]
    public void A_status_filter_applies_before_the_limit()
    {
        Assert.Equal(["a1", "a3", "b2"], List(new JobQuery { User = "alice", Statuses = [JobStatus.Failed] }));
        Assert.Equal(["a3", "b2"], List(new JobQuery { User = "alice", Statuses = [JobStatus.Failed], MaxJobs = 2 }));
        Assert.Equal(["c1"], List(new JobQuery { Statuses = [JobStatus.Submitted, JobStatus.Running] }));
        Assert.Empty(List(new JobQuery { Statuses = [] }));
    }

    [Fact]
    public void Backend_and_job_id_filters()
    {
        Assert.Equal(["c1", "c2"], List(new JobQuery { Backend = "vertex" }));
        var ids = _names.Where(pair => pair.Value is "a1" or "d1").Select(pair => pair.Key).ToArray();
        Assert.Equal(["a1", "d1"], List(new JobQuery { JobIds = ids }));
        Assert.Empty(List(new JobQuery { JobIds = [] }));
    }

    [Fact]
    public void An_unknown_group_or_user_lists_nothing()
    {
        Assert.Empty(List(new JobQuery { Group = "nope" }));
        Assert.Empty(List(new JobQuery { User = "carol" }));
    }

    [Fact]
    public void Views_carry_their_group_and_experiment()
    {
        var view = _store.ListJobs(new JobQuery { User = "bob" }).Single();

        Assert.Equal(("g1", "bob"), (view.GroupName, view.User));
        Assert.Equal(["--exp", "D"], view.Arguments);
        Assert.Equal(JobStatus.Failed, view.Status);
    }

    public void Dispose()
    {
        _store.Dispose();
        _history.Dispose();
    }

    private void Record(string name, ExperimentRecord experiment, JobStatus status, string user = "alice", string backend = "local") =>
        _names[_store.Add(experiment, status, user, backend)] = name;

    private List<string> List(JobQuery query) => _store.ListJobs(query).Select(job => _names[job.JobId]).ToList();
}
