using System.Reflection;

namespace Caliban.Cli.Hosting;

/// <summary>
/// The project a plain Caliban repo (no project file) is built with: `&lt;Project Sdk="Caliban.Sdk/VERSION"/&gt;`, held in
/// memory with its path in the repo root, so MSBuildProjectDirectory is the repo, obj/caliban/ and the image name are
/// the same as with a real project file, and nothing is written for it. VERSION is this tool's own, resolved from the
/// repo's NuGet configuration like any SDK.
/// </summary>
internal static class TransientProject
{
    /// <summary>`REPO/&lt;folder name&gt;.calibanproj`; the SDK derives the image name from it, as Caliban did from the folder.</summary>
    public static string PathFor(string directory)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(directory));
        return Path.Combine(directory, (string.IsNullOrWhiteSpace(name) ? "caliban" : name) + ".calibanproj");
    }

    public static string SdkReference => $"Caliban.Sdk/{ToolVersion}";

    /// <summary>This tool's package version (without the source revision suffix).</summary>
    public static string ToolVersion
    {
        get
        {
            var informational = typeof(TransientProject).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return informational?.Split('+')[0] ?? typeof(TransientProject).Assembly.GetName().Version!.ToString(3);
        }
    }
}
