namespace Caliban.Core.History;

/// <summary>A job to record, usually right after the backend accepted it.</summary>
public sealed class NewJob
{
    public required long ExperimentId { get; init; }

    /// <summary>Where the job runs: "local", later "vertex" or "kubernetes".</summary>
    public required string Backend { get; init; }

    public JobStatus Status { get; init; } = JobStatus.Submitted;

    /// <summary>How to run the job again, as JSON (stored as given).</summary>
    public required string SpecJson { get; init; }

    public required string User { get; init; }

    /// <summary>The backend's own name for the job: a container id, a Vertex AI job name, a Kubernetes Job name.</summary>
    public string? ExternalId { get; init; }

    public string? LogPath { get; init; }

    /// <summary>Backend-specific facts as JSON (stored as given).</summary>
    public string? Details { get; init; }
}
