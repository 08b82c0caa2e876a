using Caliban.Core.Diagnostics;
using Caliban.Cli.Parsing;

namespace Caliban.Cli.Hosting;

/// <summary>
/// The project a command works on: a project file, or — in a plain Caliban repo with none — a transient project that
/// behaves as if it sat in the repo root (see <see cref="TransientProject"/>).
/// </summary>
internal sealed record ProjectLocation(string ProjectPath, bool IsTransient)
{
    public string Directory => Path.GetDirectoryName(ProjectPath)!;

    /// <summary>`--project PATH` (a file, or a folder to search), else the current folder.</summary>
    public static ProjectLocation Find(string? projectOption, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(projectOption))
        {
            var given = Path.GetFullPath(projectOption, currentDirectory);
            if (File.Exists(given)) return new ProjectLocation(given, IsTransient: false);
            if (!System.IO.Directory.Exists(given))
                throw new UsageError(ErrorCodes.CliProjectNotFound,
                    $"--project {projectOption}: no such file or folder ({given}). Name a .calibanproj file or the folder of a repo.");
            currentDirectory = given;
        }

        var candidates = System.IO.Directory.EnumerateFiles(currentDirectory, "*.calibanproj")
            .Concat(System.IO.Directory.EnumerateFiles(currentDirectory, "*.*proj").Where(IsCalibanProject))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return candidates.Length switch
        {
            0 => new ProjectLocation(TransientProject.PathFor(currentDirectory), IsTransient: true),
            1 => new ProjectLocation(candidates[0], IsTransient: false),
            _ => throw new UsageError(ErrorCodes.CliProjectAmbiguous,
                $"{currentDirectory} has several project files ({string.Join(", ", candidates.Select(Path.GetFileName))}); choose one with --project FILE."),
        };
    }

    // Another kind of project (a .csproj beside the research code) is not ours unless it uses Caliban.Sdk.
    private static bool IsCalibanProject(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var head = new char[4096];
            var read = reader.ReadBlock(head, 0, head.Length);
            return new string(head, 0, read).Contains("Caliban.Sdk", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
