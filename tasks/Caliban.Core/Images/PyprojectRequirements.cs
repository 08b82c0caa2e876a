using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;
using Caliban.Core.Images.Toml;

namespace Caliban.Core.Images;

/// <summary>
/// The requirement strings of pyproject.toml's `[project] dependencies` and `[project.optional-dependencies]`.
/// The image installs these directly: `pip install .` can't work when only pyproject.toml (no sources) is copied.
/// </summary>
public sealed partial record PyprojectRequirements(
    string? ProjectName,
    IReadOnlyList<string> Dependencies,
    IReadOnlyDictionary<string, IReadOnlyList<string>> OptionalDependencies)
{
    public const string FileName = "pyproject.toml";

    /// <summary>A pyproject.toml without a [project] table: nothing to install.</summary>
    public static PyprojectRequirements None { get; } = new(null, [], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>Reads <paramref name="path"/>; a syntax error or a wrong type is CAL1010 naming the line.</summary>
    public static PyprojectRequirements Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CalibanException(ErrorCodes.PyprojectUnreadable,
                $"{FileName} couldn't be read ({e.Message}). Make it readable, or delete it if the project doesn't use it.", path, e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses pyproject.toml text; <paramref name="path"/> is only used in messages.</summary>
    internal static PyprojectRequirements Parse(string text, string path)
    {
        TomlTable document;
        try
        {
            document = TomlReader.Parse(text);
        }
        catch (TomlException e)
        {
            throw Unreadable(path, e.Line, $"{e.Message}. Fix the TOML syntax there");
        }

        if (!document.TryGet("project", out var projectValue))
        {
            return None;
        }

        if (projectValue is not TomlTable project)
        {
            throw Unreadable(path, document.LineOf("project"), "\"project\" must be a table. Write it as [project]");
        }

        var name = project.TryGet("name", out var nameValue) ? nameValue as string : null;
        var dependencies = RequirementList(project, "dependencies", "[project] dependencies", path);
        var optional = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (project.TryGet("optional-dependencies", out var optionalValue))
        {
            if (optionalValue is not TomlTable groups)
            {
                throw Unreadable(path, project.LineOf("optional-dependencies"),
                    "[project] optional-dependencies must be a table of group = [\"requirement\", …]. Fix its type");
            }

            foreach (var group in groups.Keys)
            {
                optional[NormalizeName(group)] = RequirementList(groups, group, $"[project.optional-dependencies] {group}", path);
            }
        }

        return new PyprojectRequirements(name, dependencies, optional);
    }

    /// <summary>
    /// The dependencies plus the optional groups named in <paramref name="groups"/> (names compared as PEP 685 says;
    /// unknown groups are skipped, as pip does), in order and without repeats. References to the project's own
    /// extras (`myproject[gpu]`) are expanded instead of being sent to pip, which would look the project up on PyPI.
    /// </summary>
    public IReadOnlyList<string> For(IEnumerable<string> groups)
    {
        var requirements = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var expanded = new HashSet<string>(StringComparer.Ordinal);

        void Add(IEnumerable<string> items)
        {
            foreach (var item in items)
            {
                if (SelfExtras(item) is { } extras)
                {
                    AddGroups(extras);
                }
                else if (seen.Add(item.Trim()))
                {
                    requirements.Add(item.Trim());
                }
            }
        }

        void AddGroups(IEnumerable<string> names)
        {
            foreach (var group in names.Select(NormalizeName))
            {
                if (expanded.Add(group) && OptionalDependencies.TryGetValue(group, out var items))
                {
                    Add(items);
                }
            }
        }

        Add(Dependencies);
        AddGroups(groups);
        return requirements;
    }

    private IEnumerable<string>? SelfExtras(string requirement)
    {
        var match = SelfReference().Match(requirement);
        return ProjectName is not null && match.Success && NormalizeName(match.Groups["name"].Value) == NormalizeName(ProjectName)
            ? match.Groups["extras"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
    }

    private static List<string> RequirementList(TomlTable table, string key, string description, string path)
    {
        if (!table.TryGet(key, out var value))
        {
            return [];
        }

        if (value is not List<object> items || items.Any(item => item is not string))
        {
            throw Unreadable(path, table.LineOf(key),
                $"{description} must be an array of requirement strings such as [\"numpy>=1.24\"]. Fix its type");
        }

        var requirements = items.Cast<string>().ToList();
        if (requirements.FirstOrDefault(r => string.IsNullOrWhiteSpace(r) || r.Any(char.IsControl)) is { } bad)
        {
            throw Unreadable(path, table.LineOf(key),
                $"{description} holds {(string.IsNullOrWhiteSpace(bad) ? "an empty requirement" : "a requirement with a control character")}. " +
                "Write one requirement per string");
        }

        return requirements;
    }

    private static string NormalizeName(string name) => NameSeparators().Replace(name.Trim(), "-").ToLowerInvariant();

    private static CalibanException Unreadable(string path, int line, string problemAndFix) =>
        new(ErrorCodes.PyprojectUnreadable, $"{FileName} line {line}: {problemAndFix}.", path);

    [GeneratedRegex("[-_.]+")]
    private static partial Regex NameSeparators();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*\[(?<extras>[^\]]*)\]\s*\z")]
    private static partial Regex SelfReference();
}
