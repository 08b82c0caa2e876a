using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>A failed Vertex AI call as text for progress lines, the job history and the final error.</summary>
internal static class VertexFailures
{
    /// <summary>Short: Google's status and message (for retry lines and status warnings).</summary>
    public static string Describe(VertexApiException error)
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

    /// <summary>Why a job could not be submitted and what to do: the CAL40xx error Vertex AI's answer maps to.</summary>
    public static string Explain(VertexApiException error, string what)
    {
        var explained = VertexErrors.ToCalibanException(error, what);
        return $"{explained.Code}: {explained.Message}";
    }
}
