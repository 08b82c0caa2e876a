using System.Text.Json;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// What the job history keeps about a Vertex AI job (its Details JSON): where it runs, what it runs, how to find it
/// again and, for a job that could not be submitted, why.
/// </summary>
public sealed record VertexJobDetails
{
    public required string Project { get; init; }
    public required string Region { get; init; }

    /// <summary>The API base URL used to submit, when it was not Google's regional default (CalibanVertexEndpoint).</summary>
    public string? Endpoint { get; init; }

    public required string DisplayName { get; init; }
    public required string ImageUri { get; init; }
    public string? ImageDigest { get; init; }

    /// <summary>The submission label value (<see cref="CloudRunLabels.Submission"/>).</summary>
    public required string Submission { get; init; }

    public string? ConsoleUrl { get; init; }
    public string? Error { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, VertexJson.Options);

    /// <summary>The details of a recorded job, or null when they are missing or not Vertex AI details.</summary>
    public static VertexJobDetails? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<VertexJobDetails>(json, VertexJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
