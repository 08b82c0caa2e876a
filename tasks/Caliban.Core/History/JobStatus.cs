namespace Caliban.Core.History;

/// <summary>Where a job is in its life; stored and printed in upper case (SUBMITTED, RUNNING, …) as Caliban does.</summary>
public enum JobStatus
{
    Submitted,
    Running,
    Succeeded,
    Failed,
    Stopped,
    Unknown,
}

/// <summary>The stored spelling of <see cref="JobStatus"/> and which statuses are final.</summary>
public static class JobStatusNames
{
    /// <summary>
    /// Terminal jobs are never asked about again. UNKNOWN counts as terminal, as in Caliban: the backend lost the job,
    /// so another refresh would not find it either.
    /// </summary>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Stopped or JobStatus.Unknown;

    /// <summary>The upper-case name stored in the database and shown to people.</summary>
    public static string ToStoredName(this JobStatus status) => status switch
    {
        JobStatus.Submitted => "SUBMITTED",
        JobStatus.Running => "RUNNING",
        JobStatus.Succeeded => "SUCCEEDED",
        JobStatus.Failed => "FAILED",
        JobStatus.Stopped => "STOPPED",
        JobStatus.Unknown => "UNKNOWN",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a job status."),
    };

    /// <summary>Reads a stored name back; anything unrecognised (a newer writer's status) reads as UNKNOWN.</summary>
    public static JobStatus FromStoredName(string name) => name switch
    {
        "SUBMITTED" => JobStatus.Submitted,
        "RUNNING" => JobStatus.Running,
        "SUCCEEDED" => JobStatus.Succeeded,
        "FAILED" => JobStatus.Failed,
        "STOPPED" => JobStatus.Stopped,
        _ => JobStatus.Unknown,
    };
}
