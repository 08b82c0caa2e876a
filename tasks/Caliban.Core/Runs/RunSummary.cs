using System.Globalization;
using System.Text;
using Caliban.Core.Execution;
using Caliban.Core.History;

namespace Caliban.Core.Runs;

/// <summary>The table printed at the end of a local run, and the error text naming the jobs that did not succeed.</summary>
public static class RunSummary
{
    public static string Format(IReadOnlyList<LocalRunOutcome> outcomes, string group)
    {
        var succeeded = outcomes.Count(outcome => outcome.Result.Outcome == LocalJobOutcome.Succeeded);
        var text = new StringBuilder()
            .AppendLine($"Run summary for group {group}: {outcomes.Count} job(s), {succeeded} succeeded, {outcomes.Count - succeeded} did not.")
            .AppendLine($"  {"job",-8} {"status",-10} {"exit",-5} {"time",8}  name");
        foreach (var outcome in outcomes.OrderBy(outcome => outcome.Job.Index))
        {
            var result = outcome.Result;
            var seconds = (result.FinishedAt - result.StartedAt).TotalSeconds;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"  {outcome.JobId,-8} {LocalRunCoordinator.ToStatus(result.Outcome).ToStoredName(),-10} {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-",-5} {seconds,7:0.0}s  {outcome.Job.Name}"));
        }
        return text.ToString().TrimEnd();
    }

    public static string DescribeFailures(IReadOnlyList<LocalRunOutcome> failed, string group)
    {
        var text = new StringBuilder($"{failed.Count} job(s) of group {group} did not succeed:");
        foreach (var outcome in failed)
        {
            var result = outcome.Result;
            var why = result.Error ?? (result.ExitCode is { } code ? $"exit code {code}" : result.Outcome.ToString());
            text.Append($"{Environment.NewLine}  job {outcome.JobId} {outcome.Job.Name} ({why}): {string.Join(' ', outcome.Job.Arguments)}");
        }
        text.Append($"{Environment.NewLine}Their output is in the log above and in the job logs (-t:CalibanLogs -p:CalibanExperimentGroup={group}); " +
                    $"after a fix, rerun them with -t:CalibanResubmit -p:CalibanExperimentGroup={group}.");
        return text.ToString();
    }
}
