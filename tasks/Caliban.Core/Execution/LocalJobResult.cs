namespace Caliban.Core.Execution;

/// <summary>How a local job ended (stored as SUCCEEDED, FAILED, STOPPED or UNKNOWN).</summary>
public enum LocalJobOutcome
{
    Succeeded,
    Failed,

    /// <summary>Cancelled: stopped while running, or never started.</summary>
    Stopped,

    /// <summary>The engine stopped answering while the job ran; how it ended is not known.</summary>
    Unknown,
}

/// <summary>The end of one local job.</summary>
/// <param name="ExitCode">The program's exit code, when the container ran and the engine reported it.</param>
/// <param name="ContainerId">The (now removed) container, when one was created.</param>
/// <param name="LogPath">The job's output log, when the container started.</param>
/// <param name="Error">Why the job did not succeed ("CALnnnn: …" for engine failures); null on success.</param>
/// <param name="StartedAt">UTC time the job's turn began; for jobs that never started, the time they were stopped.</param>
/// <param name="FinishedAt">UTC time the job's container was stopped or exited.</param>
public sealed record LocalJobResult(
    LocalJob Job,
    LocalJobOutcome Outcome,
    int? ExitCode,
    string? ContainerId,
    string? LogPath,
    string? Error,
    DateTime StartedAt,
    DateTime FinishedAt);
