namespace Caliban.Core.Context;

/// <summary>Project-relative, forward-slash paths.</summary>
internal static class ProjectPath
{
    /// <summary>
    /// <paramref name="path"/> (absolute, or relative to the project) relative to the project directory: "" for the
    /// directory itself, null when it lies outside.
    /// </summary>
    public static string? RelativeInside(string projectDirectory, string path)
    {
        var relative = Path.GetRelativePath(projectDirectory, Path.GetFullPath(path, projectDirectory));
        if (relative == ".")
        {
            return "";
        }

        bool outside = relative == ".." || relative.StartsWith("../", StringComparison.Ordinal)
            || relative.StartsWith("..\\", StringComparison.Ordinal) || Path.IsPathRooted(relative);
        return outside ? null : relative.Replace('\\', '/');
    }

    /// <summary>How the file system compares names: case-insensitively on Windows and macOS.</summary>
    public static StringComparison Comparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}
