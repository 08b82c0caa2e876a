using System.Text.RegularExpressions;

namespace Caliban.Core.Images;

/// <summary>Turns user-written paths into project-relative, forward-slash paths that a Dockerfile COPY can use.</summary>
internal static partial class ProjectPaths
{
    public enum Problem
    {
        None,
        Absolute,
        Outside,
        UnsupportedCharacters,
    }

    /// <summary>
    /// Normalizes <paramref name="path"/> (`./a\b/` → `a/b`, the project itself → `.`). Absolute paths and paths
    /// leaving the project are refused, as are characters COPY would treat as wildcards or variables.
    /// </summary>
    public static Problem TryNormalize(string projectDirectory, string path, out string relative)
    {
        relative = "";
        var slashed = path.Trim().Replace('\\', '/');
        if (slashed.StartsWith('/') || Path.IsPathRooted(slashed) || DriveLetter().IsMatch(slashed))
        {
            return Problem.Absolute;
        }

        var root = Path.GetFullPath(projectDirectory);
        var full = Path.GetFullPath(Path.Combine(root, slashed));
        var candidate = Path.GetRelativePath(root, full).Replace('\\', '/').TrimEnd('/');
        if (candidate == ".." || candidate.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(candidate))
        {
            return Problem.Outside;
        }

        if (UnsupportedCharacter().IsMatch(candidate))
        {
            return Problem.UnsupportedCharacters;
        }

        relative = candidate.Length == 0 ? "." : candidate;
        return Problem.None;
    }

    /// <summary>The first component of a relative path, or `.` for a file at the top level.</summary>
    public static string FirstComponent(string relative)
    {
        var slash = relative.IndexOf('/');
        return slash < 0 ? "." : relative[..slash];
    }

    [GeneratedRegex("^[A-Za-z]:")]
    private static partial Regex DriveLetter();

    // COPY expands wildcards and $VARIABLES in sources; control characters would break the Dockerfile's lines.
    [GeneratedRegex(@"[*?\[\]$\p{Cc}]")]
    private static partial Regex UnsupportedCharacter();
}
