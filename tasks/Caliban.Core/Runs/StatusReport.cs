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
    /// <summary>How many jobs status shows when no number is given: the 8 most recent, or with a group the latest of each experiment.</summary>
    public static int DefaultMaxJobs(string? group) => group is null ? 8 : 1;

    /// <summary>The jobs status lists: <paramref name="max"/> most recent (per experiment with a group; 0 = all), of one backend or all.</summary>
    public static JobQuery Query(string? group, int max, string user, string? backend = null) =>
        new() { Group = group, User = user, MaxJobs = max == 0 ? null : max, Backend = backend };

    /// <summary>The line above the listing, saying what it holds; <paramref name="what"/> names the jobs (e.g. "kubernetes jobs").</summary>
    public static string Header(string? group, int max, string user, string what = "jobs") => (group, max) switch
    {
        (not null, 0) => $"xgroup {group}: all {what} of each experiment, for user {user}:",
        (not null, 1) => $"xgroup {group}: the latest job of each experiment, for user {user}:",
        (not null, _) => $"xgroup {group}: the {max} latest {what} of each experiment, for user {user}:",
        (null, 0) => $"all {what} for user {user}:",
        (null, _) => $"most recent {max} {what} for user {user}:",
    };

    public static string Format(IReadOnlyList<JobView> jobs, string header)
    {
        var text = new StringBuilder().AppendLine(header);
        foreach (var group in jobs.GroupBy(job => (job.GroupId, job.GroupName)))
        {
            text.AppendLine($"xgroup {group.Key.GroupName}:");
            foreach (var experiment in group.GroupBy(job => job.ExperimentId))
            {
                var first = experiment.First();
                text.AppendLine($"  experiment {experiment.Key} {first.ExperimentName}: {Arguments(first)}");
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

    /// <summary>The experiment's arguments as one shell-ready line.</summary>
    public static string Arguments(JobView job) => job.Arguments.Count == 0 ? "(no arguments)" : string.Join(' ', job.Arguments.Select(Quote));

    // An argument with spaces or quotes is shown quoted, so the line can be copied into a shell.
    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => !char.IsWhiteSpace(c) && c is not ('\'' or '"' or '\\' or '$' or '`'))
            ? argument
            : "'" + argument.Replace("'", "'\\''") + "'";

    /// <summary>The image the job ran on: a resubmitted job may run on another image than its experiment first did, and its own spec says which.</summary>
    public static string JobImage(JobView job)
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
