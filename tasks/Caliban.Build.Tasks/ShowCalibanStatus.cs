using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Caliban.Core.Runs;

namespace Caliban.Build.Tasks;

/// <summary>
/// Prints the job history as a table (group → experiment → job), refreshed from the backends, like Caliban's
/// `status`: without a group the user's most recent CalibanMaxJobs jobs (8), with one the last CalibanMaxJobs (1) per experiment.
/// </summary>
public sealed class ShowCalibanStatus : JobHistoryTask
{
    /// <summary>CalibanMaxJobs: how many jobs to show; 0 means all.</summary>
    public string? MaxJobs { get; set; }

    protected override async Task ExecuteAsync(ICalibanLog log, CancellationToken cancellationToken)
    {
        using var store = OpenStore();
        RequireGroupExists(store);
        var max = RunSettings.OptionalWholeNumber(MaxJobs, "CalibanMaxJobs", "(0 means all)") ?? StatusReport.DefaultMaxJobs(Group);
        var jobs = store.ListJobs(StatusReport.Query(Group, max, RunSettings.User));
        if (jobs.Count == 0)
        {
            log.Info($"No jobs found for user {RunSettings.User} in {store.Path}.");
            return;
        }
        jobs = await Refresher(store, log).RefreshAsync(jobs, cancellationToken);
        log.Info(StatusReport.Format(jobs, StatusReport.Header(Group, max, RunSettings.User)).TrimEnd());
    }
}
