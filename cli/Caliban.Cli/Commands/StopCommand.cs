using Caliban.Cli.Hosting;
using Caliban.Cli.Output;
using Caliban.Cli.Parsing;
using Caliban.Core.History;
using Spectre.Console;

namespace Caliban.Cli.Commands;

/// <summary>
/// `caliban stop`: lists the jobs still SUBMITTED or RUNNING (of a group, or all of yours), asks, then runs the SDK's
/// CalibanStop, which refreshes each job, stops it on its backend and records it STOPPED.
/// </summary>
internal static class StopCommand
{
    public static int Run(CommandContext context)
    {
        var group = context.Value(context.Options.XGroup)?.Trim() is { Length: > 0 } named ? named : null;
        var location = ProjectLocation.Find(context.Value(context.Options.Project), context.CurrentDirectory);
        IReadOnlyList<JobView> active;
        using (var history = new History())
        {
            history.RequireGroup(group);
            active = history.Store.ListJobs(new JobQuery { Group = group, User = History.User, Statuses = [JobStatus.Submitted, JobStatus.Running] });
            active = history.RefreshAsync(active, context.Cancellation).GetAwaiter().GetResult().Where(job => !job.Status.IsTerminal()).ToArray();
        }
        if (active.Count == 0)
        {
            Console.Out.WriteLine(group is null ? "No running jobs to stop." : $"No running jobs to stop in group {group}.");
            return ExitCodes.Ok;
        }
        Console.Out.WriteLine($"{active.Count} running job(s){(group is null ? "" : $" in group {group}")}:");
        JobTable.Write(active);
        if (context.Parse.GetValue(context.Options.DryRun))
        {
            Console.Out.WriteLine("Dry run: nothing was stopped. Run the command again without --dry_run to stop them.");
            return ExitCodes.Ok;
        }
        if (!Confirmation.Ask($"Stop these {active.Count} job(s)?", context.Parse.GetValue(context.Options.Yes)))
        {
            Console.Out.WriteLine("Nothing was stopped.");
            return ExitCodes.Ok;
        }
        return TargetsCommand.Run(CliCommand.Stop, context, location);
    }
}
