using Caliban.Core.Net;
using Caliban.Core.Experiments;
using Caliban.Core.Runs;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>One planned job and the CustomJob request that runs it (the submitter sets its system labels).</summary>
public sealed record CloudJobRequest(PlannedJob Job, CustomJob Request);

/// <summary>A set of Vertex AI jobs to submit and record together (one CalibanCloud or one CalibanResubmit batch).</summary>
public sealed class CloudSubmission
{
    public required string Project { get; init; }
    public required string Region { get; init; }

    /// <summary>The API base URL when it is not Google's regional default; recorded so status can find the jobs again.</summary>
    public string? Endpoint { get; init; }

    public required string Group { get; init; }
    public required string User { get; init; }

    /// <summary>The image as the job history records it (its local id, tag, what it was built from).</summary>
    public required RunImage Image { get; init; }

    /// <summary>What the jobs run: <c>repository@sha256:…</c>.</summary>
    public required string ImageUri { get; init; }

    /// <summary>The pushed image's digest (<c>sha256:…</c>), recorded with the container spec.</summary>
    public string? ImageDigest { get; init; }

    public required IReadOnlyList<CloudJobRequest> Jobs { get; init; }

    /// <summary>How many create requests are in flight at once (CalibanSubmitParallel).</summary>
    public int MaxParallel { get; init; } = VertexSubmitter.DefaultParallel;

    /// <summary>
    /// Retries of one job's create (after looking the job up) on transient failures: 12 attempts, waits from 1 s doubling
    /// up to 30 s with full jitter, and no sooner than a Retry-After asks. A job still failing after that is reported.
    /// </summary>
    public RetryPolicy Retry { get; init; } = DefaultRetry;

    public static readonly RetryPolicy DefaultRetry = new() { MaxAttempts = 12, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

    /// <summary>The <see cref="CloudRunLabels.Submission"/> label value; pass it to the request builder as a reserved label.</summary>
    public string SubmissionId { get; init; } = NewSubmissionId();

    /// <summary>For a resubmit: the experiment each job runs again (one per job); else found or made from the group and arguments.</summary>
    public IReadOnlyList<long>? ExperimentIds { get; init; }

    public string Parent => $"projects/{Project}/locations/{Region}";

    /// <summary>Time-ordered and unique: <c>yyyymmdd-hhmmss-</c> plus 8 random hex digits; valid as a label value.</summary>
    public static string NewSubmissionId() =>
        $"{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>How one job's submission ended: its history row and, when accepted, its Vertex AI name and console page.</summary>
public sealed record CloudSubmitOutcome(PlannedJob Job, long JobId, string DisplayName, string? VertexName, string? ConsoleUrl, string? Error)
{
    public bool Submitted => VertexName is not null;
}
