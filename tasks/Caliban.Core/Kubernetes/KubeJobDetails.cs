using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// What the job history keeps about a Kubernetes job (NewJob.Details): where it runs — kubeconfig, context, server,
/// namespace —, its Job's name (and index in an Indexed Job), the image digest, and why its submission failed.
/// Status, stop, logs and resubmit reach the same cluster from these, whatever the project's settings are now.
/// </summary>
public sealed record KubeJobDetails
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string? KubeConfig { get; init; }
    public string? Context { get; init; }
    public required string Server { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }

    /// <summary>The completion index when the job is one index of an Indexed Job.</summary>
    public int? Index { get; init; }

    public string? Digest { get; init; }
    public string? Submission { get; init; }

    /// <summary>Set when the submission failed: the coded error's text.</summary>
    public string? Error { get; init; }

    /// <summary>"namespace/name", or "namespace/name#index" for an index of an Indexed Job: the history's ExternalId.</summary>
    public string ExternalId => Index is { } index ? $"{Namespace}/{Name}#{index}" : $"{Namespace}/{Name}";

    public static KubeJobDetails For(KubeCluster cluster, string name, int? index, string? digest, string submission) => new()
    {
        KubeConfig = cluster.KubeConfig,
        Context = cluster.Context,
        Server = cluster.Server,
        Namespace = cluster.Namespace,
        Name = name,
        Index = index,
        Digest = digest,
        Submission = submission,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static KubeJobDetails? FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonSerializer.Deserialize<KubeJobDetails>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
