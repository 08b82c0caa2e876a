namespace Caliban.Core.Context;

/// <summary>How the docker CLI turns one .dockerignore line into a pattern (buildkit's dockerignore.ReadAll, then patternmatcher.New).</summary>
internal static class DockerIgnoreLine
{
    /// <summary>The cleaned pattern, '!' kept in front, or null for comments and blank lines.</summary>
    public static string? Normalize(string line, bool isFirstLine)
    {
        if (isFirstLine)
        {
            line = line.TrimStart('\uFEFF');
        }

        // Only a '#' in the very first column starts a comment; Docker checks before trimming.
        if (line.StartsWith('#'))
        {
            return null;
        }

        var pattern = line.Trim();
        if (pattern.Length == 0)
        {
            return null;
        }

        bool isException = pattern[0] == '!';
        if (isException)
        {
            pattern = pattern[1..].Trim();
        }

        if (pattern.Length > 0)
        {
            // On Windows Docker cleans with '\' as a separator, so there a backslash never escapes.
            if (OperatingSystem.IsWindows())
            {
                pattern = pattern.Replace('\\', '/');
            }

            pattern = GoPath.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
        }

        // patternmatcher.New cleans the whole string again, '!' included ("!/" becomes a lone "!").
        return GoPath.Clean(isException ? "!" + pattern : pattern);
    }
}
