namespace Caliban.Core.History;

/// <summary>A backend that can stream a running job's output as it is written (CalibanLogsFollow).</summary>
public interface IFollowsLogs
{
    /// <summary>The job's output from its start, line by line as it comes, until the job's process ends.</summary>
    IAsyncEnumerable<string> FollowLogsAsync(JobView job, CancellationToken ct);
}
