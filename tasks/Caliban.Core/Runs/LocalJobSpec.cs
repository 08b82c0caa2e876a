using System.Text.Json;
using Caliban.Core.Execution;

namespace Caliban.Core.Runs;

/// <summary>
/// How a local job was run, stored with the job so it can be run again exactly: the image, the argument list, the
/// environment and mounts, and the GPU choice.
/// </summary>
public sealed record LocalJobSpec(
    string ImageId,
    string? ImageTag,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<BindMount> Mounts,
    GpuMode Gpu)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The container settings alone (no image, no arguments): jobs with equal keys can share one run.</summary>
    public string SettingsKey() => JsonSerializer.Serialize(new { Environment, Mounts, Gpu }, Json);

    public static LocalJobSpec? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<LocalJobSpec>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
