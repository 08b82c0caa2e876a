using System.Text;

namespace Caliban.Core.CloudRuns;

/// <summary>The table printed after a submission (each job's console page) and the error text naming the jobs that failed.</summary>
public static class CloudSubmitSummary
{
    public static string Format(IReadOnlyList<CloudSubmitOutcome> outcomes, string group)
    {
        var submitted = outcomes.Count(outcome => outcome.Submitted);
        var text = new StringBuilder()
            .AppendLine($"Vertex AI submission for group {group}: {outcomes.Count} job(s), {submitted} submitted, {outcomes.Count - submitted} failed.")
            .AppendLine($"  {"job",-8} {"status",-10} {"name",-24} console");
        foreach (var outcome in outcomes.OrderBy(outcome => outcome.Job.Index))
        {
            var where = outcome.ConsoleUrl ?? outcome.Error ?? "";
            text.AppendLine($"  {outcome.JobId,-8} {(outcome.Submitted ? "SUBMITTED" : "FAILED"),-10} {outcome.DisplayName,-24} {where}");
        }
        text.Append($"Follow them with -t:CalibanStatus -p:CalibanExperimentGroup={group}; stop them with -t:CalibanStop.");
        return text.ToString();
    }

    public static string DescribeFailures(IReadOnlyList<CloudSubmitOutcome> failed, string group)
    {
        var text = new StringBuilder($"{failed.Count} job(s) of group {group} could not be submitted to Vertex AI:");
        foreach (var outcome in failed)
            text.Append($"{Environment.NewLine}  job {outcome.JobId} {outcome.DisplayName} ({outcome.Error}): {string.Join(' ', outcome.Job.Arguments)}");
        text.Append($"{Environment.NewLine}They are recorded as FAILED; the others were submitted. After a fix, submit them again with " +
                    $"-t:CalibanResubmit -p:CalibanExperimentGroup={group}.");
        return text.ToString();
    }
}
