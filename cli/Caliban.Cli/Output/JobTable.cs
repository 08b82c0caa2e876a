using System.Globalization;
using Caliban.Core.History;
using Caliban.Core.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Caliban.Cli.Output;

/// <summary>Jobs as colored tables, grouped as Caliban's `status` groups them: one table per group, experiment → job rows.</summary>
internal static class JobTable
{
    public static void Write(IReadOnlyList<JobView> jobs) => Tables.Write(Create(jobs));

    private static IEnumerable<IRenderable> Create(IReadOnlyList<JobView> jobs)
    {
        foreach (var group in jobs.GroupBy(job => (job.GroupId, job.GroupName)))
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"[bold]xgroup {Markup.Escape(group.Key.GroupName)}[/]", Style.Plain)
                .AddColumn("experiment")
                .AddColumn(new TableColumn("job").RightAligned().NoWrap())
                .AddColumn(new TableColumn("status").NoWrap())
                .AddColumn(new TableColumn("backend").NoWrap())
                .AddColumn(new TableColumn("created").NoWrap())
                .AddColumn("image")
                .AddColumn(new TableColumn("exit").RightAligned().NoWrap());
            long? lastExperiment = null;
            foreach (var job in group)
            {
                table.AddRow(
                    job.ExperimentId != lastExperiment ? Markup.Escape($"{job.ExperimentId}: {StatusReport.Arguments(job)}") : "",
                    job.JobId.ToString(CultureInfo.InvariantCulture),
                    $"[{Color(job.Status)}]{job.Status.ToStoredName()}[/]",
                    Markup.Escape(job.Backend),
                    job.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(StatusReport.JobImage(job)),
                    job.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "");
                lastExperiment = job.ExperimentId;
            }
            yield return table;
        }
    }

    private static string Color(JobStatus status) => status switch
    {
        JobStatus.Succeeded => "green",
        JobStatus.Failed => "red",
        JobStatus.Running => "blue",
        JobStatus.Submitted => "cyan",
        JobStatus.Stopped => "yellow",
        _ => "grey",
    };
}
