using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>What decoding a request body found: the object with unknown fields dropped, and the strict-mode findings.</summary>
internal sealed record DecodeResult(JsonObject Object, IReadOnlyList<string> UnknownFields, IReadOnlyList<string> DuplicateFields)
{
    /// <summary>The server's strict decoding message, or null when the body had no unknown or duplicate fields.</summary>
    public string? StrictError =>
        UnknownFields.Count + DuplicateFields.Count == 0
            ? null
            : "strict decoding error: " + string.Join(", ",
                UnknownFields.Select(f => $"unknown field \"{f}\"").Concat(DuplicateFields.Select(f => $"duplicate field \"{f}\"")));
}

/// <summary>A body the server cannot decode at all (wrong JSON type, bad quantity, bad time): always 400.</summary>
internal sealed class DecodeException(string message) : Exception(message);

/// <summary>
/// Decodes a JSON body against <see cref="JobSchema"/> the way the API server's Go decoder does: values must have the
/// field's type, unknown and duplicate fields are collected with their full path (e.g. "spec.template.spec.foo").
/// </summary>
internal static class StrictDecoder
{
    private const string QuantityPattern = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Types = new(ParseSchema);

    public static DecodeResult Decode(JsonElement root, string typeName = JobSchema.Root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DecodeException($"json: cannot unmarshal {GoKind(root)} into Go value of type {GoType(typeName)}");
        }
        var unknown = new List<string>();
        var duplicates = new List<string>();
        var obj = DecodeObject(root, typeName, "", GoName(typeName), unknown, duplicates);
        return new DecodeResult(obj, unknown, duplicates);
    }

    private static JsonObject DecodeObject(JsonElement element, string typeName, string path, string goPath,
        List<string> unknown, List<string> duplicates)
    {
        var fields = Types.Value[typeName];
        var result = new JsonObject();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var fieldPath = path.Length == 0 ? property.Name : path + "." + property.Name;
            if (!seen.Add(property.Name))
            {
                duplicates.Add(fieldPath);
                continue;
            }
            // Go's decoder matches field names case-insensitively only as a fallback; the server's strict mode
            // reports such near-misses as unknown, so exact matching is the faithful choice.
            if (!fields.TryGetValue(property.Name, out var kind))
            {
                unknown.Add(fieldPath);
                continue;
            }
            var value = DecodeValue(property.Value, kind, fieldPath, GoName(typeName) + "." + StripIndices(fieldPath), unknown, duplicates);
            if (value is not null)
            {
                result[property.Name] = value;
            }
        }
        return result;
    }

    private static JsonNode? DecodeValue(JsonElement value, string kind, string path, string goField,
        List<string> unknown, List<string> duplicates)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (kind.StartsWith("list:", StringComparison.Ordinal))
        {
            Expect(value, JsonValueKind.Array, goField, "[]" + GoType(kind[5..]));
            var array = new JsonArray();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                array.Add(DecodeValue(item, kind[5..], $"{path}[{index++}]", goField, unknown, duplicates));
            }
            return array;
        }
        if (kind.StartsWith("map:", StringComparison.Ordinal))
        {
            Expect(value, JsonValueKind.Object, goField, "map[string]" + GoType(kind[4..]));
            var map = new JsonObject();
            foreach (var entry in value.EnumerateObject())
            {
                if (map.ContainsKey(entry.Name))
                {
                    duplicates.Add(path + "." + entry.Name);
                    continue;
                }
                map[entry.Name] = DecodeValue(entry.Value, kind[4..], path + "." + entry.Name, goField, unknown, duplicates);
            }
            return map;
        }
        switch (kind)
        {
            case "string":
                Expect(value, JsonValueKind.String, goField, "string");
                return JsonValue.Create(value.GetString());
            case "bool":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw Mismatch(value, goField, "bool");
                }
                return JsonValue.Create(value.GetBoolean());
            case "int32":
            case "int64":
                Expect(value, JsonValueKind.Number, goField, kind);
                if (kind == "int32" ? !value.TryGetInt32(out _) : !value.TryGetInt64(out _))
                {
                    throw new DecodeException($"json: cannot unmarshal number {value.GetRawText()} into Go struct field {goField} of type {kind}");
                }
                return JsonValue.Create(value.GetInt64());
            case "float64":
                Expect(value, JsonValueKind.Number, goField, "float64");
                return JsonValue.Create(value.GetDouble());
            case "time":
                Expect(value, JsonValueKind.String, goField, "string");
                var text = value.GetString()!;
                if (!DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"],
                        CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    throw new DecodeException($"parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{text}\" as \"2006\"");
                }
                return JsonValue.Create(text);
            case "quantity":
                var quantity = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString()!,
                    JsonValueKind.Number => value.GetRawText(),
                    _ => throw Mismatch(value, goField, "resource.Quantity"),
                };
                if (!Quantity.TryParse(quantity, out _))
                {
                    throw new DecodeException($"quantities must match the regular expression '{QuantityPattern}'");
                }
                return JsonValue.Create(quantity);
            case "intorstring":
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                {
                    return JsonValue.Create(number);
                }
                Expect(value, JsonValueKind.String, goField, "intstr.IntOrString");
                return JsonValue.Create(value.GetString());
            case "bytes":
                Expect(value, JsonValueKind.String, goField, "[]uint8");
                if (!value.TryGetBytesFromBase64(out _))
                {
                    throw new DecodeException($"illegal base64 data in field {goField}");
                }
                return JsonValue.Create(value.GetString());
            case "any":
                return JsonNode.Parse(value.GetRawText());
            default:
                Expect(value, JsonValueKind.Object, goField, GoType(kind));
                return DecodeObject(value, kind, path, GoName(kind), unknown, duplicates);
        }
    }

    private static void Expect(JsonElement value, JsonValueKind expected, string goField, string goType)
    {
        if (value.ValueKind != expected)
        {
            throw Mismatch(value, goField, goType);
        }
    }

    private static DecodeException Mismatch(JsonElement value, string goField, string goType) =>
        new($"json: cannot unmarshal {GoKind(value)} into Go struct field {goField} of type {goType}");

    private static string GoKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string GoType(string kind) => kind switch
    {
        "string" or "bool" or "int32" or "int64" or "float64" => kind,
        "time" => "v1.Time",
        "quantity" => "resource.Quantity",
        "intorstring" => "intstr.IntOrString",
        "bytes" => "[]uint8",
        "any" => "interface {}",
        _ when kind.StartsWith("list:", StringComparison.Ordinal) => "[]" + GoType(kind[5..]),
        _ when kind.StartsWith("map:", StringComparison.Ordinal) => "map[string]" + GoType(kind[4..]),
        _ => "v1." + GoName(kind),
    };

    /// <summary>The Go struct name: V1JobSpec → JobSpec, Corev1ResourceClaim → ResourceClaim.</summary>
    private static string GoName(string typeName)
    {
        foreach (var prefix in new[] { "Corev1", "V1alpha3", "V1alpha2", "V1alpha1", "V1beta1", "V1beta2", "V1" })
        {
            if (typeName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return typeName[prefix.Length..];
            }
        }
        return typeName;
    }

    private static string StripIndices(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", "");

    private static Dictionary<string, Dictionary<string, string>> ParseSchema()
    {
        var types = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var rawLine in JobSchema.Text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var field in line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = field.IndexOf('=', StringComparison.Ordinal);
                fields[field[..equals]] = field[(equals + 1)..];
            }
            types[line[..colon]] = fields;
        }
        return types;
    }
}
