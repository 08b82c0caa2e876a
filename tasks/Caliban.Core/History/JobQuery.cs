namespace Caliban.Core.History;

/// <summary>
/// Which jobs <see cref="JobStore.ListJobs"/> returns, with the semantics of Caliban's <c>status</c>: without
/// <see cref="Group"/>, the most recent <see cref="MaxJobs"/> jobs; with it, the last <see cref="MaxJobs"/> jobs of
/// each experiment. Null or 0 for <see cref="MaxJobs"/> means all.
/// </summary>
public sealed class JobQuery
{
    /// <summary>Only jobs in experiment groups with this name.</summary>
    public string? Group { get; init; }

    /// <summary>Only jobs submitted by this user.</summary>
    public string? User { get; init; }

    public int? MaxJobs { get; init; }

    /// <summary>
    /// Only jobs in these statuses. Applied before <see cref="MaxJobs"/>; with <see cref="LatestPerExperiment"/> it applies
    /// to each experiment's latest job (so "experiments whose last job failed", not "the last failed job").
    /// </summary>
    public IReadOnlyCollection<JobStatus>? Statuses { get; init; }

    /// <summary>Keep only the newest job of each experiment (what <c>resubmit</c> starts from).</summary>
    public bool LatestPerExperiment { get; init; }

    public IReadOnlyCollection<long>? JobIds { get; init; }

    public string? Backend { get; init; }
}
