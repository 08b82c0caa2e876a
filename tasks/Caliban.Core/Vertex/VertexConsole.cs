namespace Caliban.Core.Vertex;

/// <summary>Links into the Google Cloud console, for summaries and status tables.</summary>
public static class VertexConsole
{
    /// <summary>The console page of a custom job, from its full resource name
    /// (<c>projects/{project}/locations/{region}/customJobs/{id}</c>).</summary>
    public static string JobUrl(string name)
    {
        var parts = name.Trim('/').Split('/');
        if (parts is not ["projects", { Length: > 0 } project, "locations", { Length: > 0 } region, "customJobs", { Length: > 0 } id])
            throw new ArgumentException($"'{name}' is not a custom job name (projects/P/locations/R/customJobs/ID).", nameof(name));
        return $"https://console.cloud.google.com/vertex-ai/locations/{Uri.EscapeDataString(region)}/training/{Uri.EscapeDataString(id)}/cpu?project={Uri.EscapeDataString(project)}";
    }
}
