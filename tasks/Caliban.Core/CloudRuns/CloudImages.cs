using System.Text.Json.Nodes;
using Caliban.Core.Runs;

namespace Caliban.Core.CloudRuns;

/// <summary>The image cloud jobs run, as the job history records it.</summary>
public static class CloudImages
{
    /// <summary>
    /// <paramref name="image"/> with the pushed reference added to what the history records about how it was made: the
    /// history identifies a container spec by image id, project and that JSON, so the same image pushed elsewhere is a
    /// spec of its own, and its digest is never lost to an earlier spec recorded without one.
    /// </summary>
    public static RunImage WithPushedImage(RunImage image, string pushedImage)
    {
        var spec = JsonNode.Parse(string.IsNullOrWhiteSpace(image.BuildSpecJson) ? "{}" : image.BuildSpecJson) as JsonObject ?? [];
        spec["pushedImage"] = pushedImage;
        return image with { BuildSpecJson = spec.ToJsonString() };
    }
}
