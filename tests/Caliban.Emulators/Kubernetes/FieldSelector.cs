using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// A field selector (<c>metadata.name=x</c>, <c>==</c>, <c>!=</c>, comma-separated) over the fields the server
/// supports for the resource: metadata.name and metadata.namespace everywhere, status.successful for jobs,
/// status.phase and spec.nodeName for pods.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Field, bool Equal, string Value)> _terms = [];

    public static FieldSelector Parse(string? text, KubeResource resource)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (at, length, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var ee and > 0 ? (ee, 2, true)
                : term.IndexOf('=', StringComparison.Ordinal) is var e and > 0 ? (e, 1, true)
                : throw KubeApiError.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            var field = term[..at].Trim();
            if (!Supported(resource).Contains(field))
            {
                throw KubeApiError.BadRequest($"field label not supported: {field}");
            }
            selector._terms.Add((field, equal, term[(at + length)..].Trim()));
        }
        return selector;
    }

    public bool Matches(JsonObject obj) =>
        _terms.All(t => (ValueOf(obj, t.Field) == t.Value) == t.Equal);

    private static string[] Supported(KubeResource resource) => resource.Plural switch
    {
        "jobs" => ["metadata.name", "metadata.namespace", "status.successful"],
        "pods" => ["metadata.name", "metadata.namespace", "status.phase", "spec.nodeName", "spec.restartPolicy"],
        _ => ["metadata.name", "metadata.namespace"],
    };

    private static string ValueOf(JsonObject obj, string field)
    {
        JsonNode? node = obj;
        // The server names the jobs field "status.successful" although the JSON field is status.succeeded.
        foreach (var part in (field == "status.successful" ? "status.succeeded" : field).Split('.'))
        {
            node = (node as JsonObject)?[part];
        }
        return node?.ToString() ?? (field == "status.successful" ? "0" : "");
    }
}
