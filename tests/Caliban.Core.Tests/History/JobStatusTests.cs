using Caliban.Core.History;

namespace Caliban.Core.Tests.History;

public sealed class JobStatusTests
{
    [Theory]
    [InlineData(JobStatus.Submitted, "SUBMITTED", false)]
    [InlineData(JobStatus.Running, "RUNNING", false)]
    [InlineData(JobStatus.Succeeded, "SUCCEEDED", true)]
    [InlineData(JobStatus.Failed, "FAILED", true)]
    [InlineData(JobStatus.Stopped, "STOPPED", true)]
    [InlineData(JobStatus.Unknown, "UNKNOWN", true)]
    public void Stored_names_round_trip_and_terminal_statuses_are_final(JobStatus status, string name, bool terminal)
    {
        Assert.Equal(name, status.ToStoredName());
        Assert.Equal(status, JobStatusNames.FromStoredName(name));
        Assert.Equal(terminal, status.IsTerminal());
    }

    [Fact]
    public void A_status_this_version_does_not_know_reads_as_unknown() =>
        Assert.Equal(JobStatus.Unknown, JobStatusNames.FromStoredName("PREEMPTED"));
}
