using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>Small helpers to read and build Kubernetes objects held as JSON nodes.</summary>
internal static class JsonPaths
{
    public static JsonObject? Obj(this JsonNode? node, string key) => (node as JsonObject)?[key] as JsonObject;

    public static JsonObject ObjOrCreate(this JsonObject node, string key)
    {
        if (node[key] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        node[key] = created;
        return created;
    }

    public static JsonArray? Arr(this JsonNode? node, string key) => (node as JsonObject)?[key] as JsonArray;

    public static string? Str(this JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static long? Int(this JsonNode? node, string key)
    {
        if ((node as JsonObject)?[key] is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }
        // Values built in code hold an int or long; parsed ones hold a JsonElement that converts to either.
        return value.TryGetValue<long>(out var wide) ? wide : value.TryGetValue<int>(out var narrow) ? narrow : null;
    }

    public static bool? Bool(this JsonNode? node, string key) =>
        (node as JsonObject)?[key] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? value.GetValue<bool>()
            : null;

    /// <summary>RFC 3339 with seconds, as the server writes metav1.Time.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static IEnumerable<(string Key, string Value)> StringMap(this JsonObject? map) =>
        map is null ? [] : map.Select(kv => (kv.Key, kv.Value?.ToString() ?? ""));
}

/// <summary>Serialization like the server's Go encoder: quotes escaped as \", non-ASCII text left readable.</summary>
internal static class KubeJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(this JsonNode node) => node.ToJsonString(Options);
}
