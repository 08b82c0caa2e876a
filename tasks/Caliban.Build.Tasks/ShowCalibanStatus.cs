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
        var max = RunSettings.OptionalWholeNumber(MaxJobs, "CalibanMaxJobs", "(0 means all)") ?? (Group is null ? 8 : 1);
        var jobs = store.ListJobs(new JobQuery
        {
            Group = Group,
            User = RunSettings.User,
            MaxJobs = max == 0 ? null : max, // with a group: per experiment
        });
        if (jobs.Count == 0)
        {
            log.Info($"No jobs found for user {RunSettings.User} in {store.Path}.");
            return;
        }
        jobs = await Refresher(store, log).RefreshAsync(jobs, cancellationToken);
        var header = (Group, max) switch
        {
            (not null, 0) => $"all jobs of each experiment, for user {RunSettings.User}:",
            (not null, 1) => $"the latest job of each experiment, for user {RunSettings.User}:",
            (not null, _) => $"the {max} latest jobs of each experiment, for user {RunSettings.User}:",
            (null, 0) => $"all jobs for user {RunSettings.User}:",
            (null, _) => $"most recent {max} jobs for user {RunSettings.User}:",
        };
        log.Info(StatusReport.Format(jobs, header).TrimEnd());
    }
}
