using System.Text;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>Where a person looks at a Vertex AI custom job: the console page, its logs, the gcloud command that streams them.</summary>
public static class VertexLinks
{
    /// <summary>The numeric id at the end of <c>projects/P/locations/R/customJobs/ID</c>.</summary>
    public static string JobId(string name) => name[(name.LastIndexOf('/') + 1)..];

    /// <summary>The project segment of the name (Vertex AI returns the project number), else <paramref name="fallback"/>.</summary>
    public static string Project(string name, string fallback)
    {
        var parts = name.Split('/');
        return parts.Length >= 2 && parts[0] == "projects" && parts[1].Length > 0 ? parts[1] : fallback;
    }

    /// <summary>The job's page in the Google Cloud console; a name of another shape gets the console's job list.</summary>
    public static string ConsoleUrl(string name)
    {
        try
        {
            return VertexConsole.JobUrl(name);
        }
        catch (ArgumentException)
        {
            return "https://console.cloud.google.com/vertex-ai/training/custom-jobs";
        }
    }

    /// <summary>Cloud Logging, filtered to the job: custom jobs log under resource type ml_job.</summary>
    public static string LogsUrl(string name, string project)
    {
        var query = Uri.EscapeDataString($"resource.type=\"ml_job\"\nresource.labels.job_id=\"{JobId(name)}\"");
        return $"https://console.cloud.google.com/logs/query;query={query}?project={Project(name, project)}";
    }

    public static string StreamLogsCommand(string name, string region) =>
        $"gcloud ai custom-jobs stream-logs {name} --region={region}";

    /// <summary>What CalibanLogs prints for a Vertex AI job: Vertex AI has no plain REST call returning a custom job's output.</summary>
    public static string LogsPointer(string? name, VertexJobDetails? details)
    {
        if (name is null || details is null)
            return details?.Error is { } error
                ? $"This job was never accepted by Vertex AI: {error}"
                : "This job has no Vertex AI name recorded (its submission did not finish); there are no logs to point at.";
        return new StringBuilder()
            .AppendLine($"Vertex AI job {name}")
            .AppendLine("Vertex AI keeps a custom job's output in Cloud Logging, which has no simple per-job REST call; read it here:")
            .AppendLine($"  console: {details.ConsoleUrl ?? ConsoleUrl(name)}")
            .AppendLine($"  logs:    {LogsUrl(name, details.Project)}")
            .Append($"  stream:  {StreamLogsCommand(name, details.Region)}")
            .ToString();
    }
}
