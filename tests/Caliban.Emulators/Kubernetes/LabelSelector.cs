using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// A label selector, parsed from the query string syntax (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k</c>, <c>!k</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>) or from a Job's <c>spec.selector</c> object.
/// </summary>
internal sealed class LabelSelector
{
    private enum Op { Equals, NotEquals, In, NotIn, Exists, DoesNotExist }

    private sealed record Requirement(string Key, Op Operator, IReadOnlyList<string> Values);

    private readonly List<Requirement> _requirements = [];

    public static readonly LabelSelector Everything = new();

    public bool Matches(JsonObject? labels)
    {
        foreach (var requirement in _requirements)
        {
            var present = labels is not null && labels.ContainsKey(requirement.Key);
            var value = present ? labels![requirement.Key]?.GetValue<string>() ?? "" : null;
            var ok = requirement.Operator switch
            {
                Op.Exists => present,
                Op.DoesNotExist => !present,
                Op.Equals => present && value == requirement.Values[0],
                Op.NotEquals => !present || value != requirement.Values[0],
                Op.In => present && requirement.Values.Contains(value!),
                Op.NotIn => !present || !requirement.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Parses the query parameter syntax; throws a 400 like the server for malformed selectors.</summary>
    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }
        foreach (var part in SplitTopLevel(text))
        {
            selector._requirements.Add(ParseRequirement(part.Trim()));
        }
        return selector;
    }

    /// <summary>A <c>metav1.LabelSelector</c> object (matchLabels, matchExpressions).</summary>
    public static LabelSelector FromObject(JsonObject selectorObject)
    {
        var selector = new LabelSelector();
        if (selectorObject["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                selector._requirements.Add(new Requirement(key, Op.Equals, [value?.GetValue<string>() ?? ""]));
            }
        }
        if (selectorObject["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var op = expression["operator"]?.GetValue<string>() switch
                {
                    "In" => Op.In,
                    "NotIn" => Op.NotIn,
                    "Exists" => Op.Exists,
                    "DoesNotExist" => Op.DoesNotExist,
                    var other => throw KubeApiError.BadRequest($"\"{other}\" is not a valid label selector operator"),
                };
                var values = (expression["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToList() ?? [];
                selector._requirements.Add(new Requirement(expression["key"]?.GetValue<string>() ?? "", op, values));
            }
        }
        return selector;
    }

    private static Requirement ParseRequirement(string part)
    {
        if (part.Length == 0)
        {
            throw Unparsable("found '', expected: !, identifier, or 'end of string'");
        }
        if (part.StartsWith('!'))
        {
            return new Requirement(Key(part[1..].Trim()), Op.DoesNotExist, []);
        }
        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals) })
        {
            var at = part.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                return new Requirement(Key(part[..at].Trim()), op, [Value(part[(at + token.Length)..].Trim())]);
            }
        }
        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(Key(words[0]), Op.Exists, []);
        }
        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? Op.NotIn
            : rest.StartsWith("in", StringComparison.Ordinal) ? Op.In
            : throw Unparsable($"found '{rest}', expected: in, notin, =, ==, !=, gt, lt");
        var set = rest[(setOp == Op.NotIn ? 5 : 2)..].Trim();
        if (!set.StartsWith('(') || !set.EndsWith(')'))
        {
            throw Unparsable($"found '{set}', expected: '('");
        }
        var values = set[1..^1].Split(',', StringSplitOptions.TrimEntries).Select(Value).ToList();
        return new Requirement(Key(words[0]), setOp, values);
    }

    private static string Key(string key)
    {
        var problem = NameRules.QualifiedName(key).FirstOrDefault();
        return problem is null ? key : throw Unparsable($"key: Invalid value: \"{key}\": {problem}");
    }

    private static string Value(string value)
    {
        var problem = NameRules.LabelValue(value).FirstOrDefault();
        return problem is null ? value : throw Unparsable($"values[0]: Invalid value: \"{value}\": {problem}");
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static KubeApiError Unparsable(string detail) => KubeApiError.BadRequest("unable to parse requirement: " + detail);
}
