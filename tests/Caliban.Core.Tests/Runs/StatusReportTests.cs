using Caliban.Core.Execution;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Core.Tests.Runs;

public sealed class StatusReportTests
{
    private static JobView Job(long id, long experimentId, string[] arguments, JobStatus status, int? exitCode, string specJson = "{}") => new(
        id, status, "local", $"container-{id}", exitCode, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), null, null, specJson, null, null,
        "alice", experimentId, $"exp{experimentId}", arguments, 7, "sweep-1", 3, "sha256:0123456789abcdef0123", "mnist:0123456789ab", null, "abc", false,
        "python:3.12-slim", "/repo", "{}");

    [Fact]
    public void Jobs_are_grouped_by_group_then_experiment_with_each_jobs_own_image()
    {
        var resubmitted = new LocalJobSpec("sha256:ffff", "mnist:ffffffffffff", ["--lr", "0.1"], new Dictionary<string, string>(), [], GpuMode.Off).ToJson();
        JobView[] jobs =
        [
            // Separate list instances with equal contents: one experiment all the same.
            Job(1, 10, ["--lr", "0.1"], JobStatus.Failed, 3),
            Job(2, 10, ["--lr", "0.1"], JobStatus.Succeeded, 0, resubmitted),
            Job(3, 11, ["--note", "two words"], JobStatus.Running, null),
        ];

        var lines = StatusReport.Format(jobs, "xgroup sweep-1:").TrimEnd().Split(Environment.NewLine);

        Assert.Equal("xgroup sweep-1:", lines[0]);
        Assert.Equal("xgroup sweep-1:", lines[1]);
        Assert.Equal("  experiment 10 exp10: --lr 0.1", lines[2]);
        Assert.Matches(@"^    job 1\s+FAILED\s+local\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  mnist:0123456789ab\s+exit 3$", lines[3]);
        Assert.Matches(@"^    job 2\s+SUCCEEDED\s+local .* mnist:ffffffffffff\s+exit 0$", lines[4]);
        Assert.Equal("  experiment 11 exp11: --note 'two words'", lines[5]);
        Assert.Matches(@"^    job 3\s+RUNNING\s+local .* mnist:0123456789ab$", lines[6]);
        Assert.Equal(7, lines.Length);
    }
}
