using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Images;

/// <summary>
/// Shape checks for one `.calibanconfig.json`: each failure is a <see cref="CalibanException"/> naming the file,
/// the JSON path and what the value must be.
/// </summary>
internal sealed class ConfigShapes(string file)
{
    private readonly string _name = Path.GetFileName(file);

    /// <summary>The object's properties after checking there are no unknown or repeated keys.</summary>
    public IReadOnlyList<JsonProperty> Properties(JsonElement element, string path, string expected, IReadOnlyList<string> validKeys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(element, path, expected);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            if (!validKeys.Contains(property.Name, StringComparer.Ordinal))
            {
                throw UnknownKey(property.Name, propertyPath, validKeys);
            }

            if (!seen.Add(property.Name))
            {
                throw Invalid($"{propertyPath} appears twice. Keep only one \"{property.Name}\" in this object.");
            }

            properties.Add(property);
        }

        return properties;
    }

    public string String(JsonElement element, string path, string expected, bool allowEmpty = true)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            throw WrongType(element, path, expected);
        }

        var value = element.GetString()!;
        if (!allowEmpty && string.IsNullOrWhiteSpace(value))
        {
            throw Invalid($"{path} is empty, but it must be {expected}. Fill it in or remove the key.");
        }

        return value;
    }

    public bool Boolean(JsonElement element, string path)
    {
        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw WrongType(element, path, "true or false");
        }

        return element.GetBoolean();
    }

    public IReadOnlyList<string> Strings(JsonElement element, string path, string expected, string expectedItem, Action<string, string>? check = null)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(element, path, expected);
        }

        var values = new List<string>();
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = JsonPaths.Index(path, index++);
            var value = String(item, itemPath, expectedItem);
            check?.Invoke(value, itemPath);
            values.Add(value);
        }

        return values;
    }

    public CalibanException WrongType(JsonElement element, string path, string expected) =>
        Invalid($"{path} must be {expected}, but it is {Describe(element)}. Change the value or remove the key.");

    public CalibanException Invalid(string problemAndFix) =>
        new(ErrorCodes.CalibanConfigInvalidValue, $"{_name}: {problemAndFix}", file);

    private CalibanException UnknownKey(string key, string path, IReadOnlyList<string> validKeys)
    {
        var suggestion = ClosestKey(key, validKeys) is { } closest ? $"Did you mean \"{closest}\"? " : "";
        return new CalibanException(ErrorCodes.CalibanConfigUnknownKey,
            $"{_name}: unknown key \"{key}\" at {path}. Valid keys there: {string.Join(", ", validKeys)}. " +
            $"{suggestion}Fix its spelling or remove it.", file);
    }

    // Values are described by kind, never echoed: the file may hold a password (mlflow_config).
    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string? ClosestKey(string key, IReadOnlyList<string> validKeys)
    {
        var best = validKeys.MinBy(valid => EditDistance(key.ToLowerInvariant(), valid));
        return best is not null && EditDistance(key.ToLowerInvariant(), best) <= Math.Max(2, best.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
