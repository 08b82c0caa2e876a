namespace Caliban.Core.CloudRuns;

/// <summary>
/// System labels on every Vertex AI job Caliban submits. Together they name one CalibanJob of one submission, so a
/// retry after a lost answer can ask the service whether the job exists before creating it again.
/// </summary>
public static class CloudRunLabels
{
    /// <summary>The submission (one CalibanCloud or CalibanResubmit call): a time-ordered id, valid as a label value.</summary>
    public const string Submission = "caliban_submission";

    /// <summary>The job's id in the job history (its index in a dry run).</summary>
    public const string Job = "caliban_job";

    /// <summary>The list filter that finds the job of <paramref name="submission"/> recorded as <paramref name="jobId"/>.</summary>
    public static string Filter(string submission, string jobId) =>
        $"labels.{Submission}=\"{submission}\" AND labels.{Job}=\"{jobId}\"";
}
