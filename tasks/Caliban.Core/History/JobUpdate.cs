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

    /// <summary>Replaces the stored details JSON.</summary>
    public string? Details { get; init; }
}
