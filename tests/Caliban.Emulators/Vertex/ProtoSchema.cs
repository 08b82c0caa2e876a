using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Caliban.Emulators.Vertex;

/// <summary>The kinds of value proto3's JSON mapping knows, as far as customJobs need them.</summary>
internal enum ProtoKind { String, Bool, Int32, Int64, Enum, Duration, Timestamp, Message, StringMap, Any }

/// <summary>A field of a proto message: its proto name (snake_case), JSON name (lowerCamelCase) and type.</summary>
internal sealed record ProtoField(string Name, ProtoKind Kind, bool Repeated = false)
{
    public ProtoMessage? Message { get; init; }
    public ProtoEnum? Enum { get; init; }
    public string JsonName { get; } = Regex.Replace(Name, "_([a-z0-9])", match => match.Groups[1].Value.ToUpperInvariant());
}

internal sealed record ProtoEnum(string FullName, IReadOnlyList<string> Values);

internal sealed class ProtoMessage(string fullName)
{
    private readonly Dictionary<string, ProtoField> byName = new(StringComparer.Ordinal);

    public string FullName { get; } = fullName;

    public ProtoMessage Add(ProtoField field)
    {
        byName[field.Name] = field;
        byName[field.JsonName] = field;
        return this;
    }

    /// <summary>Like the service's parser: JSON names and proto names are both accepted.</summary>
    public ProtoField? Find(string name) => byName.GetValueOrDefault(name);
}

/// <summary>
/// Checks a JSON body against a message the way Google's JSON parser does: unknown names anywhere and values of the
/// wrong type are refused with the service's wording, at the path in proto names (custom_job.job_spec…).
/// </summary>
internal static partial class ProtoSchema
{
    public static void Check(JsonNode? node, ProtoMessage type, string path)
    {
        if (node is null)
            return;
        if (node is not JsonObject obj)
            throw Invalid(path, "type.googleapis.com/" + type.FullName, node);
        foreach (var (name, value) in obj)
        {
            var field = type.Find(name)
                ?? throw GoogleError.BadField(path, $"Invalid JSON payload received. Unknown name \"{name}\" at '{path}': Cannot find field.");
            CheckField(value, field, $"{path}.{field.Name}");
        }
    }

    /// <summary>A checked body with every field under its JSON name and nulls (proto defaults) left out.</summary>
    public static JsonObject Normalize(JsonObject obj, ProtoMessage type)
    {
        var result = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (value is null || type.Find(name) is not { } field)
                continue;
            result[field.JsonName] = (field.Kind, value) switch
            {
                (ProtoKind.Message, JsonArray items) => new JsonArray(items.Select(item => item is JsonObject element ? Normalize(element, field.Message!) : null).ToArray<JsonNode?>()),
                (ProtoKind.Message, JsonObject single) => Normalize(single, field.Message!),
                _ => value.DeepClone(),
            };
        }
        return result;
    }

    private static void CheckField(JsonNode? value, ProtoField field, string path)
    {
        if (value is null)
            return;
        if (field.Repeated)
        {
            if (value is not JsonArray array)
                throw Invalid(path, TypeName(field), value);
            for (var i = 0; i < array.Count; i++)
                CheckSingle(array[i], field, $"{path}[{i}]");
            return;
        }
        CheckSingle(value, field, path);
    }

    private static void CheckSingle(JsonNode? value, ProtoField field, string path)
    {
        if (value is null)
            return;
        var ok = field.Kind switch
        {
            ProtoKind.Message => CheckMessage(value, field, path),
            ProtoKind.String => IsString(value, out _),
            ProtoKind.Bool => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            ProtoKind.Int32 => IsInteger(value, int.MinValue, int.MaxValue),
            ProtoKind.Int64 => IsInteger(value, long.MinValue, long.MaxValue),
            ProtoKind.Enum => IsString(value, out var name) ? field.Enum!.Values.Contains(name) : IsInteger(value, 0, field.Enum!.Values.Count - 1),
            ProtoKind.Duration => IsString(value, out var duration) && DurationPattern().IsMatch(duration),
            ProtoKind.Timestamp => IsString(value, out var time) && DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            ProtoKind.StringMap => value is JsonObject map && map.All(entry => entry.Value is not null && IsString(entry.Value, out _)),
            _ => true,
        };
        if (!ok)
            throw Invalid(path, TypeName(field), value);
    }

    private static bool CheckMessage(JsonNode value, ProtoField field, string path)
    {
        Check(value, field.Message!, path);
        return true;
    }

    public static bool IsString(JsonNode node, out string text)
    {
        text = "";
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            return false;
        text = value.GetValue<string>();
        return true;
    }

    /// <summary>Integers come as JSON numbers or, for int64 especially, as decimal strings.</summary>
    public static bool TryInteger(JsonNode node, out long number)
    {
        number = 0;
        if (node is not JsonValue value)
            return false;
        return value.GetValueKind() switch
        {
            JsonValueKind.Number => value.TryGetValue(out number) || (value.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e18 && (number = (long)d) == d),
            JsonValueKind.String => long.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    private static bool IsInteger(JsonNode node, long min, long max) => TryInteger(node, out var n) && n >= min && n <= max;

    private static string TypeName(ProtoField field) => field.Kind switch
    {
        ProtoKind.String => "TYPE_STRING",
        ProtoKind.Bool => "TYPE_BOOL",
        ProtoKind.Int32 => "TYPE_INT32",
        ProtoKind.Int64 => "TYPE_INT64",
        ProtoKind.Enum => "type.googleapis.com/" + field.Enum!.FullName,
        ProtoKind.Duration => "type.googleapis.com/google.protobuf.Duration",
        ProtoKind.Timestamp => "type.googleapis.com/google.protobuf.Timestamp",
        ProtoKind.StringMap => "TYPE_MAP",
        ProtoKind.Message => "type.googleapis.com/" + field.Message!.FullName,
        _ => "TYPE_MESSAGE",
    };

    private static GoogleError Invalid(string path, string type, JsonNode value) =>
        GoogleError.BadField(path, $"Invalid JSON payload received. Invalid value at '{path}' ({type}), {value.ToJsonString()}");

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]{1,9})?s$")]
    private static partial Regex DurationPattern();
}
