using System.Text.Json;
using Caliban.Core.Diagnostics;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// How to submit a Vertex AI job again (its SpecJson in the history): the parent and the exact request body, without
/// the submission's own labels. A resubmit sends it again, on the recorded image or with the image swapped.
/// </summary>
public sealed record VertexJobSpec(string Parent, CustomJob Request)
{
    public string ToJson() => JsonSerializer.Serialize(this, VertexJson.Options);

    /// <summary>Reads a recorded spec; CAL4205 names the job when the record cannot be read.</summary>
    public static VertexJobSpec FromJson(string json, long jobId)
    {
        try
        {
            if (JsonSerializer.Deserialize<VertexJobSpec>(json, VertexJson.Options) is { Request: not null, Parent.Length: > 0 } spec) return spec;
        }
        catch (JsonException)
        {
        }
        throw new CalibanException(ErrorCodes.VertexJobRecordUnreadable,
            $"The job history's record of Vertex AI job {jobId} cannot be read (it was written by another version, or edited). Submit it again with -t:CalibanCloud.");
    }
}
