namespace Caliban.Core.Context;

/// <summary>Turns <see cref="ContextOptions.Roots"/> into project-relative paths ("" for the whole project), none nested in another.</summary>
internal static class ContextRoots
{
    public static IReadOnlyList<string> Resolve(string projectDirectory, IReadOnlyList<string> roots)
    {
        var resolved = new List<string>();
        foreach (var root in roots)
        {
            var relative = ProjectPath.RelativeInside(projectDirectory, root.Length == 0 ? "." : root)
                ?? throw ContextErrors.RootOutsideProject(root, projectDirectory);
            resolved.Add(relative);
        }

        if (resolved.Count == 0 || resolved.Contains(""))
        {
            return [""];
        }

        // A root inside another root adds nothing, and walking it twice would warn twice.
        resolved.Sort(StringComparer.Ordinal);
        var outermost = new List<string>();
        foreach (var root in resolved)
        {
            if (!outermost.Any(kept => root == kept || root.StartsWith(kept + "/", StringComparison.Ordinal)))
            {
                outermost.Add(root);
            }
        }

        return outermost;
    }
}
