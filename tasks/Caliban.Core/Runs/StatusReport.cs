using System.Globalization;
using System.Text;
using System.Text.Json;
using Caliban.Core.History;
using Caliban.Core.Naming;

namespace Caliban.Core.Runs;

/// <summary>
/// The job history as a readable table, grouped like Caliban's `status`: experiment group → experiment (its
/// arguments) → jobs (id, status, backend, created, image, exit code).
/// </summary>
public static class StatusReport
{
    public static string Format(IReadOnlyList<JobView> jobs, string header)
    {
        var text = new StringBuilder().AppendLine(header);
        foreach (var group in jobs.GroupBy(job => (job.GroupId, job.GroupName)))
        {
            text.AppendLine($"xgroup {group.Key.GroupName}:");
            foreach (var experiment in group.GroupBy(job => job.ExperimentId))
            {
                var first = experiment.First();
                var arguments = first.Arguments.Count == 0 ? "(no arguments)" : string.Join(' ', first.Arguments.Select(Quote));
                text.AppendLine($"  experiment {experiment.Key} {first.ExperimentName}: {arguments}");
                foreach (var job in experiment)
                {
                    var exit = job.ExitCode is { } code ? $"exit {code}" : "";
                    var image = JobImage(job);
                    text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                        $"    job {job.JobId,-8} {job.Status.ToStoredName(),-9} {job.Backend,-10} {job.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {image,-24} {exit}").TrimEnd());
                }
            }
        }
        return text.ToString();
    }

    // An argument with spaces or quotes is shown quoted, so the line can be copied into a shell.
    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c is not ('\'' or '"' or '\\' or '$' or '`'))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";

    // A resubmitted job may run on another image than its experiment first did: the job's own spec says which.
    private static string JobImage(JobView job)
    {
        try
        {
            using var spec = JsonDocument.Parse(job.SpecJson);
            if (spec.RootElement.ValueKind == JsonValueKind.Object && spec.RootElement.TryGetProperty("imageTag", out var tag) && tag.GetString() is { Length: > 0 } text)
                return text;
        }
        catch (JsonException)
        {
        }
        return job.ImageTag ?? ImageNames.ShortId(job.ImageId);
    }

}
