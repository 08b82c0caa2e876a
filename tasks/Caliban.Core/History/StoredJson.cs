using System.Text.Encodings.Web;
using System.Text.Json;

namespace Caliban.Core.History;

/// <summary>
/// The JSON forms used as get-or-create keys. They are compared as text, so they are written canonically: argument
/// lists compactly, container specs with object keys sorted and no whitespace.
/// </summary>
internal static class StoredJson
{
    // Stored text is for tools like sqlite3, not HTML: keep non-ASCII and quotes readable instead of \uXXXX escapes.
    private static readonly JsonWriterOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string StringArray(IReadOnlyList<string> arguments)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Readable))
        {
            writer.WriteStartArray();
            foreach (var argument in arguments) writer.WriteStringValue(argument);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyList<string> ReadStringArray(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().Select(element => element.GetString() ?? "").ToArray();
    }

    /// <summary>Rewrites JSON with sorted object keys and no whitespace, so equal specs written differently match.</summary>
    public static string Canonical(string json, string parameterName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Not valid JSON: {e.Message}", parameterName, e);
        }

        using (document)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, Readable))
            {
                WriteSorted(document.RootElement, writer);
            }
            return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
    }

    private static void WriteSorted(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(property => property.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteSorted(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteSorted(item, writer);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
