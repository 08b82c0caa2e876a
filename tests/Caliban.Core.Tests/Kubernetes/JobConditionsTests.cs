using Caliban.Core.History;
using Caliban.Core.Kubernetes;
using k8s.Models;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class JobConditionsTests
{
    private static V1Job Job(int? active = null, string? condition = null, string? completed = null, string? failed = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "j" },
        Spec = new V1JobSpec { BackoffLimitPerIndex = 0 },
        Status = new V1JobStatus
        {
            Active = active,
            CompletedIndexes = completed,
            FailedIndexes = failed,
            Conditions = condition is null ? null : [new V1JobCondition { Type = condition, Status = "True", LastTransitionTime = DateTime.UtcNow }],
        },
    };

    [Fact]
    public void Job_conditions_map_to_history_statuses()
    {
        Assert.Equal(JobStatus.Submitted, JobConditions.Of(Job()).Status);
        Assert.Equal(JobStatus.Running, JobConditions.Of(Job(active: 1)).Status);
        Assert.Equal(JobStatus.Succeeded, JobConditions.Of(Job(condition: "Complete")).Status);
        Assert.Equal(JobStatus.Failed, JobConditions.Of(Job(condition: "Failed")).Status); // Caliban said SUBMITTED
        Assert.NotNull(JobConditions.Of(Job(condition: "Failed")).FinishedAt);
    }

    [Fact]
    public void An_index_reads_the_index_sets_then_its_pods()
    {
        var job = Job(active: 1, completed: "0-2,5", failed: "3");
        Assert.Equal(JobStatus.Succeeded, JobConditions.OfIndex(job, 1, []).Status);
        Assert.Equal(JobStatus.Succeeded, JobConditions.OfIndex(job, 5, []).Status);
        Assert.Equal(JobStatus.Failed, JobConditions.OfIndex(job, 3, []).Status);
        Assert.Equal(JobStatus.Submitted, JobConditions.OfIndex(job, 4, []).Status);
        var running = new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Status = new V1PodStatus { Phase = "Running" } };
        Assert.Equal(JobStatus.Running, JobConditions.OfIndex(job, 4, [running]).Status);
    }

    [Theory]
    [InlineData("0-2,5", 2, true)]
    [InlineData("0-2,5", 3, false)]
    [InlineData("7", 7, true)]
    [InlineData("", 0, false)]
    [InlineData(null, 0, false)]
    public void Index_sets_are_parsed(string? set, int index, bool expected) => Assert.Equal(expected, JobConditions.Contains(set, index));
}
