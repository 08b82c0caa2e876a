using System.Text.Json;
using System.Text.Json.Serialization;

namespace Caliban.Core.Vertex;

/// <summary>The proto3 JSON mapping as System.Text.Json options: camelCase, nulls left out, int64 as strings accepted.</summary>
public static class VertexJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
