namespace Caliban.Core.History;

/// <summary>Changes to a recorded job; members left null keep their stored value.</summary>
public sealed class JobUpdate
{
    public JobStatus? Status { get; init; }
    public int? ExitCode { get; init; }
    public string? ExternalId { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public string? LogPath { get; init; }

    /// <summary>
    /// Leaves the status alone when it is already STOPPED, in the same statement: a run finishing a job that a stop
    /// from another process just ended must not overwrite that word.
    /// </summary>
    public bool KeepStopped { get; init; }

    /// <summary>Replaces the stored details JSON.</summary>
    public string? Details { get; init; }
}
