using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStoreConcurrencyTests
{
    [Fact]
    public async Task Eight_stores_writing_at_once_lose_no_job_and_share_one_group()
    {
        const int Writers = 8;
        const int JobsEach = 200;
        using var history = new TempHistory();
        using var start = new Barrier(Writers);

        var groupIds = new long[Writers];
        // Dedicated threads (LongRunning) so all eight really run at once behind the barrier, even on two cores.
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            using var store = history.Open();
            var experiment = store.Experiment("shared", "alice", "--writer", writer.ToString());
            groupIds[writer] = experiment.GroupId;
            for (var i = 0; i < JobsEach; i++) store.Add(experiment);
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(writers);

        using var reader = history.Open();
        var jobs = reader.ListJobs(new JobQuery());
        Assert.Equal(Writers * JobsEach, jobs.Count);
        Assert.Equal(Writers * JobsEach, jobs.Select(job => job.JobId).Distinct().Count());
        Assert.Single(groupIds.Distinct());
        Assert.Single(reader.ListGroups(null));
        Assert.All(jobs.GroupBy(job => job.ExperimentId), experiment => Assert.Equal(JobsEach, experiment.Count()));
    }

    [Fact]
    public void One_store_can_be_shared_between_threads()
    {
        using var history = new TempHistory();
        using var store = history.Open();
        var experiment = store.Experiment("g", "alice");

        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => store.Add(experiment));

        Assert.Equal(200, store.ListJobs(new JobQuery()).Count);
    }
}
