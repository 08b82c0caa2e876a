using Caliban.Cli.Hosting;
using Caliban.Cli.Output;
using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;
using Caliban.Core.History;
using Spectre.Console;

namespace Caliban.Cli.Commands;

/// <summary>
/// `caliban resubmit --xgroup G`: lists the latest job of each experiment that ended FAILED or STOPPED (every one with
/// `--all_jobs`), asks, then runs the SDK's CalibanResubmit (image rebuilt from the current code).
/// </summary>
internal static class ResubmitCommand
{
    // Like Caliban, rebuild where the jobs were built: their recorded project folder, unless --project says otherwise.
    private static ProjectLocation RecordedProject(CommandContext context, ProjectLocation location, IReadOnlyList<JobView> jobs)
    {
        var recorded = jobs.Select(job => job.ProjectDirectory).Distinct(StringComparer.Ordinal).ToArray();
        return context.Given(context.Options.Project) || recorded is not [var directory] || !Directory.Exists(directory)
               || string.Equals(Path.TrimEndingDirectorySeparator(directory), Path.TrimEndingDirectorySeparator(location.Directory), StringComparison.Ordinal)
            ? location
            : ProjectLocation.Find(null, directory);
    }

    // A plain repo has no project to name the module: the jobs recorded the one their image ran.
    private static Dictionary<string, string> RecordedEntryPoint(IReadOnlyList<JobView> jobs)
    {
        var entryPoints = jobs.Select(job => EntryPointOf(job.ContainerSpecJson)).Distinct().ToArray();
        return entryPoints is [{ } entryPoint] ? new() { ["CalibanEntryPoint"] = entryPoint } : new();
    }

    private static string? EntryPointOf(string specJson)
    {
        try
        {
            using var spec = System.Text.Json.JsonDocument.Parse(specJson);
            return spec.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && spec.RootElement.TryGetProperty("entryPoint", out var value)
                   && value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static int Run(CommandContext context)
    {
        var group = context.Value(context.Options.XGroup)?.Trim() is { Length: > 0 } named ? named
            : throw new UsageError(ErrorCodes.CliGroupRequired, "caliban resubmit needs the group to resubmit: add --xgroup NAME ('caliban status' lists the groups).");
        var all = context.Parse.GetValue(context.Options.AllJobs);
        var location = ProjectLocation.Find(context.Value(context.Options.Project), context.CurrentDirectory);
        IReadOnlyList<JobView> chosen;
        using (var history = new History())
        {
            history.RequireGroup(group);
            var latest = history.Store.ListJobs(new JobQuery { Group = group, User = History.User, MaxJobs = 1, LatestPerExperiment = true });
            chosen = history.RefreshAsync(latest, context.Cancellation).GetAwaiter().GetResult()
                .Where(job => all || job.Status is JobStatus.Failed or JobStatus.Stopped).ToArray();
        }
        if (chosen.Count == 0)
        {
            Console.Out.WriteLine($"No jobs of group {group} ended FAILED or STOPPED; nothing to resubmit. Add --all_jobs to run every experiment again.");
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"{chosen.Count} job(s) of group {group} to resubmit:");
        JobTable.Write(chosen);
        if (context.Parse.GetValue(context.Options.DryRun))
        {
            Console.Out.WriteLine("Dry run: nothing was resubmitted. Run the command again without --dry_run to resubmit them.");
            return ExitCodes.Ok;
        }
        if (!Confirmation.Ask($"Resubmit these {chosen.Count} job(s)?", context.Parse.GetValue(context.Options.Yes)))
        {
            Console.Out.WriteLine("Nothing was resubmitted.");
            return ExitCodes.Ok;
        }
        var project = RecordedProject(context, location, chosen);
        return TargetsCommand.Run(CliCommand.Resubmit, context, project, project.IsTransient ? RecordedEntryPoint(chosen) : null);
    }
}
