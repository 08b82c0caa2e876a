using System.Text.RegularExpressions;
using Caliban.Cli.Tests.Infrastructure;
using Caliban.Core.History;

namespace Caliban.Cli.Tests;

/// <summary>`caliban status` over a history too large to draw as a table: every job, as plain lines, quickly.</summary>
[Collection("cli")]
public sealed class LargeHistoryTests(ToolFeed feed)
{
    [Fact]
    public void Status_of_more_jobs_than_a_table_holds_prints_every_job_as_plain_lines()
    {
        using var repo = new CliRepo(feed);
        using (var store = JobStore.Open(repo.JobStore))
        {
            var group = store.GetOrCreateGroup("large", Environment.UserName);
            var spec = store.GetOrCreateContainerSpec(new ContainerSpecInput
            {
                ImageId = "sha256:" + new string('a', 64), ImageTag = "large:aaaaaaaaaaaa", ProjectDirectory = repo.Directory, SpecJson = "{}",
            });
            store.AddJobs(Enumerable.Range(0, 600).Select(i => new NewJob
            {
                ExperimentId = store.GetOrCreateExperiment(group.Id, spec.Id, $"seed={i}", ["--seed", i.ToString(System.Globalization.CultureInfo.InvariantCulture)]).Id,
                Backend = "local",
                Status = JobStatus.Succeeded,
                SpecJson = "{}",
                User = Environment.UserName,
            }).ToArray());
        }

        var status = repo.Caliban("status", "--max_jobs", "0");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Equal(600, Regex.Matches(status.Output, "SUCCEEDED").Count);
        Assert.Contains("--seed 599", status.Output);
        Assert.DoesNotContain("╭", status.Output);
    }
}
