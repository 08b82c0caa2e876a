using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>A failed Vertex AI call as one line for progress, history and the final error: Google's status and message.</summary>
internal static class VertexFailures
{
    public static string Describe(VertexApiException error, string? what = null)
    {
        var status = (error.HttpStatus, error.Status) switch
        {
            (null, null) => "no answer",
            ({ } code, null) => $"HTTP {code}",
            (null, { } name) => name,
            ({ } code, { } name) => $"HTTP {code} {name}",
        };
        return $"{status}: {error.Message}";
    }
}
