using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;

namespace Caliban.Build.Tasks;

/// <summary>
/// Prints the whole output of jobs, kept beside the job store after their containers are gone: CalibanJobId for one
/// job, else the latest job of each experiment of CalibanExperimentGroup, else the user's most recent job.
/// </summary>
public sealed class ShowCalibanLogs : JobHistoryTask
{
    /// <summary>CalibanJobId: the job whose output to print (the number `CalibanStatus` shows).</summary>
    public string? JobId { get; set; }

    /// <summary>CalibanLogsFollow: stream the output of jobs still running until they end (where the backend can).</summary>
    public bool Follow { get; set; }

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        using var store = OpenStore();
        var jobs = SelectJobs(store);
        var refresher = Refresher(store, log);
        foreach (var job in jobs)
        {
            var backend = await refresher.BackendAsync(job.Backend, cancellationToken);
            log.Info($"==> job {job.JobId} {job.ExperimentName} ({job.Status.ToStoredName()}, group {job.GroupName}) <==");
            if (Follow && !job.Status.IsTerminal() && backend is IFollowsLogs following)
            {
                await foreach (var line in following.FollowLogsAsync(job, cancellationToken)) log.Info(line);
                continue;
            }
            var text = backend is null ? null : await backend.GetLogsAsync(job, cancellationToken);
            log.Info(text is null ? "(no output was kept for this job)" : text.TrimEnd());
        }
    }

    private IReadOnlyList<JobView> SelectJobs(Core.History.JobStore store)
    {
        if (!string.IsNullOrWhiteSpace(JobId))
        {
            if (!long.TryParse(JobId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                throw new CalibanException(ErrorCodes.InvalidPropertyValue, $"CalibanJobId is '{JobId}'; it must be a job number as CalibanStatus shows it.");
            var job = store.ListJobs(new JobQuery { JobIds = [id] });
            return job.Count > 0 ? job : throw new CalibanException(ErrorCodes.JobNotFound,
                $"There is no job {id} in {store.Path}. CalibanStatus lists the jobs and their numbers.");
        }
        RequireGroupExists(store);
        var jobs = store.ListJobs(new JobQuery { Group = Group, User = RunSettings.User, MaxJobs = 1, LatestPerExperiment = Group is not null });
        return jobs.Count > 0 ? jobs : throw new CalibanException(ErrorCodes.JobNotFound,
            $"There are no jobs for user {RunSettings.User} in {store.Path}. Run some with -t:CalibanRun.");
    }
}
