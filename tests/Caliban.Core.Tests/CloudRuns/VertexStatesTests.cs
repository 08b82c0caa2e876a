using Caliban.Core.CloudRuns;
using Caliban.Core.History;

namespace Caliban.Core.Tests.CloudRuns;

public sealed class VertexStatesTests
{
    [Theory]
    [InlineData("JOB_STATE_QUEUED", JobStatus.Submitted)]
    [InlineData("JOB_STATE_PENDING", JobStatus.Submitted)]
    [InlineData("JOB_STATE_RUNNING", JobStatus.Running)]
    [InlineData("JOB_STATE_CANCELLING", JobStatus.Running)]
    [InlineData("JOB_STATE_UPDATING", JobStatus.Running)]
    [InlineData("JOB_STATE_PAUSED", JobStatus.Running)]
    [InlineData("JOB_STATE_SUCCEEDED", JobStatus.Succeeded)]
    [InlineData("JOB_STATE_FAILED", JobStatus.Failed)]
    [InlineData("JOB_STATE_EXPIRED", JobStatus.Failed)]
    [InlineData("JOB_STATE_PARTIALLY_SUCCEEDED", JobStatus.Failed)]
    [InlineData("JOB_STATE_CANCELLED", JobStatus.Stopped)]
    public void Each_vertex_state_has_a_history_status(string state, JobStatus expected) =>
        Assert.Equal(expected, VertexStates.ToStatus(state));

    [Theory]
    [InlineData("JOB_STATE_UNSPECIFIED")]
    [InlineData("JOB_STATE_ADDED_BY_GOOGLE_NEXT_YEAR")]
    [InlineData(null)]
    public void Unknown_states_keep_the_stored_status(string? state) => Assert.Null(VertexStates.ToStatus(state));
}
