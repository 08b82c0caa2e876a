using Caliban.Cli.Output;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Spectre.Console;

namespace Caliban.Cli.Commands;

/// <summary>`caliban status` (and `cluster job ls`): the user's recent jobs, or a group's latest per experiment, refreshed, as a table.</summary>
internal static class StatusCommand
{
    private const int LargestTable = 500;

    public static int Run(CommandContext context, string? backend)
    {
        var group = context.Value(context.Options.XGroup)?.Trim() is { Length: > 0 } named ? named : null;
        var max = context.Value(context.Options.MaxJobs) ?? StatusReport.DefaultMaxJobs(group);
        if (max < 0) throw new Parsing.UsageError(Core.Diagnostics.ErrorCodes.CliFlagValueInvalid, $"--max_jobs {max}: give 0 (all) or a positive number.");

        using var history = new History();
        history.RequireGroup(group);
        var jobs = history.Store.ListJobs(StatusReport.Query(group, max, History.User, backend));
        var what = backend is null ? "jobs" : $"{backend} jobs";
        if (jobs.Count == 0)
        {
            Console.Out.WriteLine(group is null ? $"No {what} found for user {History.User} in {history.Store.Path}." : $"No {what} in group {group}.");
            return ExitCodes.Ok;
        }
        jobs = history.RefreshAsync(jobs, context.Cancellation).GetAwaiter().GetResult();
        var header = StatusReport.Header(group, max, History.User, what);
        // Tables are for reading; thousands of rows are for grep, and drawing them as a table takes seconds.
        if (jobs.Count > LargestTable)
        {
            Console.Out.Write(StatusReport.Format(jobs, header));
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine(header);
        JobTable.Write(jobs);
        return ExitCodes.Ok;
    }
}
