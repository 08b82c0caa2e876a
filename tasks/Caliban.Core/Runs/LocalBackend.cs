using System.Runtime.CompilerServices;
using System.Text;
using Caliban.Core.Engine;
using Caliban.Core.Execution;
using Caliban.Core.History;

namespace Caliban.Core.Runs;

/// <summary>Status, stop and logs for jobs that ran in containers on the local engine.</summary>
public sealed class LocalBackend(ContainerEngine engine) : IJobBackend, IFollowsLogs
{
    public string Name => LocalRunCoordinator.Backend;

    /// <summary>How often a followed log file is read again for new lines.</summary>
    public TimeSpan FollowPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public async Task<JobStatusUpdate> RefreshAsync(JobView job, CancellationToken ct)
    {
        if (job.Status.IsTerminal()) return new JobStatusUpdate(job.Status, job.ExitCode, job.FinishedAt);
        if (job.ExternalId is null) return new JobStatusUpdate(job.Status); // recorded, not started yet

        var (outcome, exitCode, exists) = await LocalContainers.InspectAsync(engine, job.ExternalId, ct);
        if (!exists) return new JobStatusUpdate(JobStatus.Unknown); // its run ended without recording it (killed)
        return outcome is null
            ? new JobStatusUpdate(JobStatus.Running)
            : new JobStatusUpdate(LocalRunCoordinator.ToStatus(outcome.Value), exitCode, DateTime.UtcNow);
    }

    public async Task StopAsync(JobView job, CancellationToken ct)
    {
        if (job.ExternalId is not null) await LocalContainers.StopAsync(engine, job.ExternalId, ct);
    }

    public async Task<string?> GetLogsAsync(JobView job, CancellationToken ct) =>
        job.LogPath is not null && File.Exists(job.LogPath) ? await File.ReadAllTextAsync(job.LogPath, ct) : null;

    /// <summary>
    /// Reads the job's log file as the running CalibanRun writes it (a line at a time, flushed), until the container has
    /// ended and no more lines come. A job not started yet has no log to follow.
    /// </summary>
    public async IAsyncEnumerable<string> FollowLogsAsync(JobView job, [EnumeratorCancellation] CancellationToken ct)
    {
        if (job.LogPath is null || job.ExternalId is null || !File.Exists(job.LogPath)) yield break;
        await using var file = new FileStream(job.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var pending = new StringBuilder();
        var buffer = new char[8192];
        var quietAfterExit = 0;
        while (quietAfterExit < 2) // the writer may still be flushing the last lines when the container ends
        {
            var read = await reader.ReadAsync(buffer, ct);
            if (read > 0)
            {
                pending.Append(buffer, 0, read);
                foreach (var line in TakeLines(pending)) yield return line;
                continue;
            }
            var (outcome, _, exists) = await LocalContainers.InspectAsync(engine, job.ExternalId, ct);
            if (!exists || outcome is not null) quietAfterExit++;
            await Task.Delay(FollowPollInterval, ct);
        }
        if (pending.Length > 0) yield return pending.ToString();
    }

    /// <summary>Removes and returns the complete lines at the start of <paramref name="text"/>; a partial last line stays.</summary>
    private static List<string> TakeLines(StringBuilder text)
    {
        var lines = new List<string>();
        var all = text.ToString();
        var start = 0;
        for (var end = all.IndexOf('\n'); end >= 0; end = all.IndexOf('\n', start))
        {
            lines.Add(all[start..end].TrimEnd('\r'));
            start = end + 1;
        }
        text.Remove(0, start);
        return lines;
    }
}
