using System.Globalization;
using System.Text;
using System.Text.Json;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Experiments;

/// <summary>
/// Validates a parsed experiment config and turns it into sweeps (dicts in depth-first file order). Each error names
/// the source, the JSON path and the offending key or value, as Caliban checked them before expanding.
/// </summary>
internal sealed class ExperimentConfigReader
{
    private const string ValueKinds = "a string, a number, true/false, or a list of those";

    private readonly string _sourceName;
    private readonly string? _file;
    private readonly List<Sweep> _sweeps = [];

    private ExperimentConfigReader(string sourceName, string? file)
    {
        _sourceName = sourceName;
        _file = file;
    }

    public static IReadOnlyList<Sweep> Read(JsonElement root, string sourceName, string? file)
    {
        var reader = new ExperimentConfigReader(sourceName, file);
        switch (root.ValueKind)
        {
            case JsonValueKind.Object: reader._sweeps.Add(reader.ReadSweep(root, JsonPathText.Root)); break;
            case JsonValueKind.Array: reader.ReadEntries(root, JsonPathText.Root); break;
            default:
                throw reader.Error(ErrorCodes.ExperimentConfigInvalidShape,
                    $"the top level ($) is {Describe(root)}, but it must be a JSON object (one sweep) or a list of them. " +
                    "Wrap the settings in { }, e.g. {\"learning_rate\": [0.01, 0.1]}.");
        }

        return reader._sweeps;
    }

    private void ReadEntries(JsonElement list, string path)
    {
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var entryPath = JsonPathText.Index(path, index++);
            switch (entry.ValueKind)
            {
                case JsonValueKind.Object: _sweeps.Add(ReadSweep(entry, entryPath)); break;
                case JsonValueKind.Array: ReadEntries(entry, entryPath); break;
                default:
                    throw Error(ErrorCodes.ExperimentConfigInvalidShape,
                        $"the list entry at {entryPath} is {Describe(entry)}; every entry of a top-level list must be an " +
                        "object (a sweep) or a list of them. Move the value into an object, e.g. {\"seed\": [0, 1]}.");
            }
        }
    }

    private Sweep ReadSweep(JsonElement dict, string path)
    {
        var axes = new List<SweepAxis>();
        foreach (var (key, value) in DistinctMembers(dict, path))
        {
            var keyPath = JsonPathText.Property(path, key);
            var compoundNames = ExperimentKeys.CompoundNames(key);
            if (compoundNames is null && !ExperimentKeys.IsPlain(key))
            {
                throw Error(ErrorCodes.ExperimentKeyInvalid,
                    $"the key \"{key}\" at {keyPath} is not a valid flag name. Use one word without spaces, commas or " +
                    "brackets (e.g. \"learning_rate\"), or a compound key such as \"[batch_size,learning_rate]\".");
            }

            var typed = ReadValue(value, keyPath);
            axes.Add(compoundNames is null ? PlainAxis(key, typed) : CompoundAxis(key, compoundNames, typed, keyPath));
        }

        return new Sweep(axes);
    }

    // Python's json keeps the last of duplicate keys at the position of the first; Caliban saw only that dict.
    private IEnumerable<(string Key, JsonElement Value)> DistinctMembers(JsonElement dict, string path)
    {
        var members = new List<(string Key, JsonElement Value)>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var member in dict.EnumerateObject())
        {
            var key = ReadName(member, path);
            if (positions.TryGetValue(key, out var position)) members[position] = (key, member.Value);
            else
            {
                positions.Add(key, members.Count);
                members.Add((key, member.Value));
            }
        }

        return members;
    }

    private string ReadName(JsonProperty member, string path)
    {
        try
        {
            return member.Name;
        }
        catch (InvalidOperationException)
        {
            throw Error(ErrorCodes.ExperimentKeyInvalid,
                $"a key in the object at {path} contains an unpaired \\u surrogate escape. Write the character itself or a valid pair.");
        }
    }

    private static SweepAxis PlainAxis(string key, ExperimentValue value) => new(
        [key],
        IsCompound: false,
        value is ExperimentValue.Sequence list ? list.Items.Select(item => new[] { item }).ToArray() : [[value]]);

    private SweepAxis CompoundAxis(string key, IReadOnlyList<string> names, ExperimentValue value, string keyPath)
    {
        if (value is not ExperimentValue.Sequence list)
        {
            throw Error(ErrorCodes.ExperimentCompoundValueNotList,
                $"the compound key \"{key}\" at {keyPath} needs a list, but its value is {value.ToPythonString()}. " +
                $"Give {Values(names.Count)} ([1, 2]) for one job, or a list of such lists ([[1, 2], [3, 4]]) for several.");
        }

        // An empty list is no tuple at all: zero jobs (Caliban crashed here).
        if (list.Items.Count == 0) return new SweepAxis(names, IsCompound: true, []);
        if (list.Items[0] is not ExperimentValue.Sequence)
        {
            RequireArity(key, names, list, keyPath);
            return new SweepAxis(names, IsCompound: true, [list.Items.ToArray()]);
        }

        var tuples = new List<ExperimentValue[]>(list.Items.Count);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var tuplePath = JsonPathText.Index(keyPath, i);
            if (list.Items[i] is not ExperimentValue.Sequence tuple)
            {
                throw Error(ErrorCodes.ExperimentCompoundArity,
                    $"the compound key \"{key}\" has a list of tuples, but the item at {tuplePath} is " +
                    $"{list.Items[i].ToPythonString()}, not a list. Make every item a list of {Values(names.Count)}.");
            }

            RequireArity(key, names, tuple, tuplePath);
            tuples.Add(tuple.Items.ToArray());
        }

        return new SweepAxis(names, IsCompound: true, tuples);
    }

    private void RequireArity(string key, IReadOnlyList<string> names, ExperimentValue.Sequence tuple, string path)
    {
        if (tuple.Items.Count == names.Count) return;
        throw Error(ErrorCodes.ExperimentCompoundArity,
            $"the compound key \"{key}\" names {names.Count} flag{(names.Count == 1 ? "" : "s")}, but the value at {path} " +
            $"has {Values(tuple.Items.Count)} ({tuple.ToPythonString()}). Give exactly {Values(names.Count)} per tuple.");
    }

    private static string Values(int count) => count == 1 ? "1 value" : $"{count} values";

    private ExperimentValue ReadValue(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.True: return new ExperimentValue.Boolean(true);
            case JsonValueKind.False: return new ExperimentValue.Boolean(false);
            case JsonValueKind.Number: return ReadNumber(value.GetRawText());
            case JsonValueKind.String: return new ExperimentValue.Text(ReadString(value, path));
            case JsonValueKind.Array:
                var items = new List<ExperimentValue>();
                var index = 0;
                foreach (var item in value.EnumerateArray()) items.Add(ReadValue(item, JsonPathText.Index(path, index++)));
                return new ExperimentValue.Sequence(items);
            default:
                throw Error(ErrorCodes.ExperimentValueInvalid,
                    $"the value at {path} is {Describe(value)}, but values must be {ValueKinds}. " +
                    "Replace or remove it; to sweep several settings together use separate objects in a top-level list, " +
                    "or a compound key such as \"[a,b]\".");
        }
    }

    // Python's json makes a float of any number with a fraction or an exponent, an int of the rest.
    private static ExperimentValue ReadNumber(string text) =>
        text.AsSpan().IndexOfAny('.', 'e', 'E') >= 0
            ? new ExperimentValue.Float(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture))
            : new ExperimentValue.Integer(PythonText.IntegerText(text));

    private string ReadString(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error(ErrorCodes.ExperimentValueInvalid,
                $"the string at {path} contains an unpaired \\u surrogate escape. Write the character itself or a valid pair.");
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object (" + Excerpt(value.GetRawText()) + ")",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string (" + Excerpt(value.GetRawText()) + ")",
        JsonValueKind.Number => "a number (" + value.GetRawText() + ")",
        _ => value.GetRawText(),
    };

    private static string Excerpt(string json)
    {
        var collapsed = new StringBuilder();
        foreach (var c in json)
        {
            if (!char.IsWhiteSpace(c)) collapsed.Append(c);
            else if (collapsed.Length > 0 && collapsed[^1] != ' ') collapsed.Append(' ');
        }

        const int limit = 60;
        return collapsed.Length <= limit ? collapsed.ToString() : collapsed.ToString(0, limit) + "…";
    }

    private CalibanException Error(string code, string detail) =>
        new(code, $"Experiment config {_sourceName}: {detail}", _file);
}
