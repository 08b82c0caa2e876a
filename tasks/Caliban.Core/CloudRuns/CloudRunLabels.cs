using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// System labels on every Vertex AI job Caliban submits. Together they name one CalibanJob of one submission, so a
/// retry after a lost answer can ask the service whether the job exists before creating it again. Both values are
/// known before anything is recorded or sent, so the request body is complete from the start.
/// </summary>
public static class CloudRunLabels
{
    /// <summary>The submission (one CalibanCloud or CalibanResubmit call): a time-ordered id, valid as a label value.</summary>
    public const string Submission = "caliban_submission";

    /// <summary>The job's position in its submission.</summary>
    public const string Job = "caliban_job";

    /// <summary>The system labels of the job at <paramref name="position"/> of <paramref name="submission"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(string submission, int position) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Submission] = submission,
        [Job] = position.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The list filter that finds the job carrying <paramref name="labels"/> (from <see cref="For"/>).</summary>
    public static string Filter(IReadOnlyDictionary<string, string> labels) =>
        $"labels.{Submission}=\"{labels[Submission]}\" AND labels.{Job}=\"{labels[Job]}\"";

    /// <summary>
    /// The job of <paramref name="parent"/> carrying the system labels of <paramref name="wanted"/>, or null. The
    /// labels are checked again on each answer, so a looser filter on the service's side can never adopt another job.
    /// </summary>
    public static async Task<CustomJob?> FindAsync(IVertexJobsClient client, string parent, IReadOnlyDictionary<string, string> wanted, CancellationToken ct)
    {
        await foreach (var job in client.ListAsync(parent, Filter(wanted), ct))
        {
            if (job.Labels is { } labels
                && labels.GetValueOrDefault(Submission) == wanted[Submission]
                && labels.GetValueOrDefault(Job) == wanted[Job])
                return job;
        }
        return null;
    }
}
