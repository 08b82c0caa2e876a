using Caliban.Core.History;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>Vertex AI's JOB_STATE_* names as job-history statuses.</summary>
public static class VertexStates
{
    /// <summary>
    /// The history status for <paramref name="state"/>, or null to keep the stored one (unspecified, or a state Google
    /// added after this version). PARTIALLY_SUCCEEDED (not used by custom jobs today) counts as FAILED: part of the work
    /// did not finish, and CalibanResubmit should offer to run it again.
    /// </summary>
    public static JobStatus? ToStatus(string? state) => state switch
    {
        VertexJobStates.Queued or VertexJobStates.Pending => JobStatus.Submitted,
        VertexJobStates.Running or VertexJobStates.Cancelling or VertexJobStates.Updating or VertexJobStates.Paused => JobStatus.Running,
        VertexJobStates.Succeeded => JobStatus.Succeeded,
        VertexJobStates.Failed or VertexJobStates.Expired or VertexJobStates.PartiallySucceeded => JobStatus.Failed,
        VertexJobStates.Cancelled => JobStatus.Stopped,
        _ => null,
    };
}
