using Caliban.Core.Experiments;

namespace Caliban.Core.Tests.Experiments;

public class JobPlannerTests
{
    private static readonly string[] Prefix = ["--data", "/d"];

    [Fact]
    public void WithoutExperimentsThereIsOneDefaultJobWithThePrefix()
    {
        var job = Assert.Single(JobPlanner.Plan(Prefix, [], configExperiments: null));

        Assert.Equal(new PlannedJob(0, "default", ["--data", "/d"]), job);
    }

    [Fact]
    public void AConfigWithZeroJobsPlansZeroJobs()
    {
        Assert.Empty(JobPlanner.Plan(Prefix, [], ExperimentConfig.Parse("""{"a": []}""", "empty.json")));
    }

    [Fact]
    public void ItemsComeFirstThenConfigExperimentsWithThePrefixPrepended()
    {
        var jobs = JobPlanner.Plan(
            Prefix,
            [("baseline", ["--lr", "1"]), ("big", ["--size", "9"])],
            ExperimentConfig.Parse("""{"seed": [0, 1], "fast": true}""", "s.json"));

        Assert.Equal(
            [
                new PlannedJob(0, "baseline", ["--data", "/d", "--lr", "1"]),
                new PlannedJob(1, "big", ["--data", "/d", "--size", "9"]),
                new PlannedJob(2, "seed=0 fast", ["--data", "/d", "--seed", "0", "--fast"]),
                new PlannedJob(3, "seed=1 fast", ["--data", "/d", "--seed", "1", "--fast"]),
            ],
            jobs);
    }

    [Fact]
    public void ItemsAloneNeedNoConfig()
    {
        var jobs = JobPlanner.Plan([], [("only", [])], configExperiments: null);

        Assert.Equal([new PlannedJob(0, "only", [])], jobs);
    }

    [Fact]
    public void NamesAreMadeUniqueAndEmptyOnesNamedByIndex()
    {
        var jobs = JobPlanner.Plan(
            [],
            [("a=1", []), ("x#2", []), ("", [])],
            ExperimentConfig.Parse("""[{"a": [1, 1]}, {"x": [true, true, true]}, {}, {"b": false}]""", "d.json"));

        Assert.Equal(
            ["a=1", "x#2", "job-2", "a=1#2", "a=1#3", "x", "x#3", "x#4", "job-8", "job-9"],
            jobs.Select(job => job.Name));
        Assert.Equal(Enumerable.Range(0, 10), jobs.Select(job => job.Index));
    }
}
