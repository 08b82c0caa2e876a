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
        var max = context.Value(context.Options.MaxJobs) ?? (group is null ? 8 : 1);
        if (max < 0) throw new Parsing.UsageError(Core.Diagnostics.ErrorCodes.CliFlagValueInvalid, $"--max_jobs {max}: give 0 (all) or a positive number.");

        using var history = new History();
        history.RequireGroup(group);
        var jobs = history.Store.ListJobs(new JobQuery { Group = group, User = History.User, MaxJobs = max == 0 ? null : max, Backend = backend });
        var what = backend is null ? "jobs" : $"{backend} jobs";
        if (jobs.Count == 0)
        {
            Console.Out.WriteLine(group is null ? $"No {what} found for user {History.User} in {history.Store.Path}." : $"No {what} in group {group}.");
            return ExitCodes.Ok;
        }
        jobs = history.RefreshAsync(jobs, context.Cancellation).GetAwaiter().GetResult();
        var header = (group, max) switch
        {
            (not null, 0) => $"xgroup {group}: all {what} of each experiment, for user {History.User}:",
            (not null, 1) => $"xgroup {group}: the latest job of each experiment, for user {History.User}:",
            (not null, _) => $"xgroup {group}: the {max} latest {what} of each experiment, for user {History.User}:",
            (null, 0) => $"all {what} for user {History.User}:",
            (null, _) => $"most recent {max} {what} for user {History.User}:",
        };
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
