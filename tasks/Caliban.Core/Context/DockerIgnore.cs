namespace Caliban.Core.Context;

/// <summary>
/// The rules of a <c>.dockerignore</c> file with Docker's exact semantics (the CLI's reader plus moby/patternmatcher):
/// the last matching pattern wins, and a path is excluded when it or any parent directory matches.
/// </summary>
public sealed class DockerIgnore
{
    /// <summary>The file name Docker reads in the build context root.</summary>
    public const string FileName = ".dockerignore";

    private readonly IgnorePattern[] _patterns;
    private readonly bool _hasExceptions;

    private DockerIgnore(IgnorePattern[] patterns)
    {
        _patterns = patterns;
        _hasExceptions = patterns.Any(p => p.IsException);
    }

    /// <summary>Rules that exclude nothing.</summary>
    public static DockerIgnore Empty { get; } = new([]);

    /// <summary>The cleaned patterns in evaluation order; exceptions keep their leading '!'.</summary>
    public IReadOnlyList<string> Patterns => _patterns.Select(p => p.ToString()).ToArray();

    /// <summary>Parses .dockerignore lines; an invalid pattern throws a CAL1201 <see cref="Diagnostics.CalibanException"/>.</summary>
    public static DockerIgnore Parse(IEnumerable<string> lines) => Parse(lines, "the .dockerignore patterns", file: null);

    /// <summary>Parses lines whose errors name <paramref name="source"/>, e.g. "the project's CalibanExclude items".</summary>
    public static DockerIgnore Parse(IEnumerable<string> lines, string source) => Parse(lines, source, file: null);

    /// <summary>Reads <c>&lt;projectDirectory&gt;/.dockerignore</c>, or returns <see cref="Empty"/> when there is none.</summary>
    public static DockerIgnore Load(string projectDirectory)
    {
        var path = Path.Combine(projectDirectory, FileName);
        if (!File.Exists(path))
        {
            return Empty;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ContextErrors.Unreadable(FileName, path, e);
        }

        return Parse(lines, FileName, path);
    }

    /// <summary>Whether a project-relative path (forward slashes) is left out of the build context.</summary>
    public bool IsExcluded(string relativePath)
    {
        var path = GoPath.Clean(relativePath);
        if (path == ".")
        {
            return false; // Docker never excludes the context root itself
        }

        return FindDecidingPattern(path, MatchAncestors(path)) is { IsException: false };
    }

    /// <summary>
    /// True when the directory is excluded and no '!' exception can re-include anything inside it, so a walker
    /// may skip it without listing it.
    /// </summary>
    public bool CanSkipDirectory(string relativeDirectory)
    {
        var directory = GoPath.Clean(relativeDirectory);
        if (directory == ".")
        {
            return false;
        }

        return CanSkipDirectory(directory, MatchDirectory(directory, MatchAncestors(directory)));
    }

    /// <summary>Appends rule sets; later sets win over earlier ones, as later lines of one file do.</summary>
    internal static DockerIgnore Concat(params DockerIgnore[] parts) => new(parts.SelectMany(p => p._patterns).ToArray());

    /// <summary>
    /// Per pattern, whether it matches <paramref name="directory"/> or one of its ancestors, given the same answer for
    /// the parent (null at the context root). A walker keeps one per directory so each file costs one match per pattern.
    /// </summary>
    internal bool[] MatchDirectory(string directory, bool[]? parentMatches)
    {
        var matches = new bool[_patterns.Length];
        for (int i = 0; i < _patterns.Length; i++)
        {
            matches[i] = (parentMatches != null && parentMatches[i]) || _patterns[i].Matches(directory);
        }

        return matches;
    }

    /// <summary>The last pattern that matches the path or one of its ancestors (per <paramref name="ancestorMatches"/>), or null.</summary>
    internal IgnorePattern? FindDecidingPattern(string path, bool[]? ancestorMatches)
    {
        // Docker evaluates forwards and lets the last match win; scanning backwards stops at that match.
        for (int i = _patterns.Length - 1; i >= 0; i--)
        {
            if ((ancestorMatches != null && ancestorMatches[i]) || _patterns[i].Matches(path))
            {
                return _patterns[i];
            }
        }

        return null;
    }

    internal bool CanSkipDirectory(string directory, bool[] directoryMatches)
    {
        int deciding = Array.LastIndexOf(directoryMatches, true);
        if (deciding < 0 || _patterns[deciding].IsException)
        {
            return false;
        }

        // Everything below matches every pattern the directory matches, so only later exceptions can flip the result.
        for (int i = deciding + 1; _hasExceptions && i < _patterns.Length; i++)
        {
            if (_patterns[i].IsException && _patterns[i].CouldMatchBelow(directory))
            {
                return false;
            }
        }

        return true;
    }

    private bool[]? MatchAncestors(string path)
    {
        bool[]? matches = null;
        for (int slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            matches = MatchDirectory(path[..slash], matches);
        }

        return matches;
    }

    private static DockerIgnore Parse(IEnumerable<string> lines, string source, string? file)
    {
        var patterns = new List<IgnorePattern>();
        int lineNumber = 0;
        foreach (var line in lines)
        {
            lineNumber++;
            if (DockerIgnoreLine.Normalize(line, isFirstLine: lineNumber == 1) is not { } pattern)
            {
                continue;
            }

            var location = $"{source}, line {lineNumber}";
            bool isException = pattern[0] == '!';
            var text = isException ? pattern[1..] : pattern;
            if (text.Length == 0)
            {
                throw ContextErrors.InvalidPattern(line.Trim(), location, "a lone '!' excludes nothing", file);
            }

            if (GlobSyntax.FindError(text) is { } error)
            {
                throw ContextErrors.InvalidPattern(line.Trim(), location, error, file);
            }

            try
            {
                patterns.Add(IgnorePattern.Create(text, isException));
            }
            catch (ArgumentException e)
            {
                throw ContextErrors.InvalidPattern(line.Trim(), location, e.Message, file);
            }
        }

        return new DockerIgnore(patterns.ToArray());
    }
}
