using System.Text.RegularExpressions;

namespace Caliban.Emulators.Vertex;

/// <summary>Which method a request calls, from its HTTP method and path; null for anything the service does not serve.</summary>
internal sealed partial record VertexRoute(VertexOperation Operation, string Project, string Location, string? JobId)
{
    public static VertexRoute? Parse(string method, string path)
    {
        var match = Path().Match(Uri.UnescapeDataString(path));
        if (!match.Success)
            return null;
        var (project, location) = (match.Groups["project"].Value, match.Groups["location"].Value);
        var id = match.Groups["id"].Success ? match.Groups["id"].Value : null;
        var cancel = match.Groups["cancel"].Success;
        return (method, id, cancel) switch
        {
            ("POST", null, false) => new VertexRoute(VertexOperation.Create, project, location, null),
            ("GET", null, false) => new VertexRoute(VertexOperation.List, project, location, null),
            ("GET", not null, false) => new VertexRoute(VertexOperation.Get, project, location, id),
            ("POST", not null, true) => new VertexRoute(VertexOperation.Cancel, project, location, id),
            _ => null,
        };
    }

    [GeneratedRegex("^/v1/projects/(?<project>[^/:]+)/locations/(?<location>[^/:]+)/customJobs(/(?<id>[^/:]+)(?<cancel>:cancel)?)?$")]
    private static partial Regex Path();
}
