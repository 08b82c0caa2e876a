using Caliban.Core.CloudRuns;

namespace Caliban.Core.Tests.CloudRuns;

public sealed class VertexLinksTests
{
    private const string Name = "projects/123456/locations/europe-west4/customJobs/987654321";

    [Fact]
    public void The_logs_pointer_names_the_console_the_log_query_and_the_gcloud_command()
    {
        var details = new VertexJobDetails
        {
            Project = "my-project", Region = "europe-west4", DisplayName = "d", ImageUri = "i", Submission = "s",
        };

        var text = VertexLinks.LogsPointer(Name, details);

        Assert.Contains("987654321", text);
        Assert.Contains("https://console.cloud.google.com/logs/query;query=", text);
        Assert.Contains("project=123456", text);
        Assert.Contains($"gcloud ai custom-jobs stream-logs {Name} --region=europe-west4", text);
    }

    [Fact]
    public void A_job_never_accepted_says_why()
    {
        var details = new VertexJobDetails
        {
            Project = "p", Region = "r", DisplayName = "d", ImageUri = "i", Submission = "s", Error = "HTTP 400 INVALID_ARGUMENT: bad machine",
        };
        Assert.Contains("bad machine", VertexLinks.LogsPointer(null, details));
    }
}
