using Caliban.Core.Diagnostics;

namespace Caliban.Core.Context;

/// <summary>
/// Lists the files of the image build context: the roots the Dockerfile copies, minus .dockerignore, Caliban's
/// default excludes and credentials (<see cref="DefaultExcludes"/>). The .dockerignore file itself is never sent, nor,
/// while UseDefaultExcludes is on, the project's bin/, obj/ and .git/, whatever '!' lines say. Reads no file content
/// except JSON files under 1 MiB, checked for Google credentials (cached in the <see cref="FileHashCache"/> if given).
/// </summary>
public static class ContextCollector
{
    /// <summary>The context files sorted ordinally by <see cref="ContextFile.RelativePath"/>.</summary>
    public static IReadOnlyList<ContextFile> Collect(string projectDirectory, ContextOptions options, ICalibanLog log) =>
        Collect(projectDirectory, options, log, cache: null);

    /// <summary>As above, reusing <paramref name="cache"/> for the credential checks of unchanged JSON files.</summary>
    public static IReadOnlyList<ContextFile> Collect(string projectDirectory, ContextOptions options, ICalibanLog log, FileHashCache? cache)
    {
        var project = Path.GetFullPath(projectDirectory);
        var walker = new ContextWalker(project, ContextRules.Create(project, options, cache), log);
        foreach (var root in ContextRoots.Resolve(project, options.Roots))
        {
            walker.AddRoot(root);
        }

        return walker.Files();
    }
}
