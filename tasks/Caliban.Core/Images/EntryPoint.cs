using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Images;

/// <summary>
/// What the image runs (Caliban's `module` argument): <paramref name="Value"/> is the module name or the
/// project-relative script path, <paramref name="Command"/> the ENTRYPOINT, <paramref name="CodeRoot"/> the directory
/// copied into the image (`.` = the whole project).
/// </summary>
public sealed partial record EntryPoint(EntryPointKind Kind, string Value, IReadOnlyList<string> Command, string CodeRoot)
{
    public const string PropertyName = "CalibanEntryPoint";

    /// <summary>
    /// Resolves <paramref name="entryPoint"/> as Caliban does: an existing file is a script (`.py` → python, anything
    /// else → bash); otherwise `pkg.mod` is a module when `pkg/mod.py` exists.
    /// </summary>
    public static EntryPoint Resolve(string projectDirectory, string? entryPoint)
    {
        if (string.IsNullOrWhiteSpace(entryPoint))
        {
            throw new CalibanException(ErrorCodes.EntryPointMissing,
                $"{PropertyName} is not set, so there is nothing to run. Set it in the project file to a Python module " +
                $"(<{PropertyName}>trainer.train</{PropertyName}>, run as python -m trainer.train) or a script path " +
                $"(<{PropertyName}>scripts/run.py</{PropertyName}>).");
        }

        var value = entryPoint.Trim();
        switch (ProjectPaths.TryNormalize(projectDirectory, value, out var relative))
        {
            case ProjectPaths.Problem.Absolute:
                throw NotFound($"{PropertyName} \"{value}\" is an absolute path. Write it relative to the project directory " +
                               $"{projectDirectory}, e.g. scripts/run.py.");
            case ProjectPaths.Problem.Outside:
                throw NotFound($"{PropertyName} \"{value}\" points outside the project directory {projectDirectory}. " +
                               "Move the code inside it: only the project directory is copied into the image.");
            case ProjectPaths.Problem.UnsupportedCharacters:
                throw NotFound($"{PropertyName} \"{value}\" contains characters a Dockerfile COPY can't copy literally " +
                               "(*, ?, [, ], $ or control characters). Rename the file or directory.");
        }

        if (File.Exists(Path.Combine(projectDirectory, relative)))
        {
            return relative.EndsWith(".py", StringComparison.Ordinal)
                ? new EntryPoint(EntryPointKind.PythonScript, relative, ["python", relative], ProjectPaths.FirstComponent(relative))
                : new EntryPoint(EntryPointKind.ShellScript, relative, ["/bin/bash", relative], ProjectPaths.FirstComponent(relative));
        }

        if (ModuleName().IsMatch(value) && !LooksLikeScript(value))
        {
            return ResolveModule(projectDirectory, value);
        }

        var directory = Path.GetDirectoryName(relative)?.Replace('\\', '/');
        var missing = !string.IsNullOrEmpty(directory) && !Directory.Exists(Path.Combine(projectDirectory, directory))
            ? $"the directory \"{directory}\" doesn't exist"
            : Directory.Exists(Path.Combine(projectDirectory, relative))
                ? $"\"{relative}\" is a directory, not a file"
                : $"the file \"{relative}\" doesn't exist";
        throw NotFound($"{PropertyName} \"{value}\" names a script, but {missing} in the project directory {projectDirectory}. " +
                       "Fix the path (relative to the project directory), or name a module such as trainer.train.");
    }

    private static EntryPoint ResolveModule(string projectDirectory, string module)
    {
        var file = module.Replace('.', '/') + ".py";
        if (File.Exists(Path.Combine(projectDirectory, file)))
        {
            return new EntryPoint(EntryPointKind.Module, module, ["python", "-m", module], ProjectPaths.FirstComponent(file));
        }

        var package = Path.GetDirectoryName(file)!.Replace('\\', '/');
        var missing = package.Length > 0 && !Directory.Exists(Path.Combine(projectDirectory, package))
            ? $"the package directory \"{package}\" doesn't exist"
            : $"the module file \"{file}\" doesn't exist";
        var asDirectory = module.Replace('.', '/');
        var hint = Directory.Exists(Path.Combine(projectDirectory, asDirectory))
            ? $"\"{asDirectory}\" is a directory: name a module inside it, such as {module}.main. "
            : "";
        throw NotFound($"{PropertyName} \"{module}\" is neither a file nor a module: looked for the file \"{module}\" and " +
                       $"the module file \"{file}\", but {missing} in the project directory {projectDirectory}. " +
                       hint + "Fix the name (a module like trainer.train or a script like scripts/run.py, relative to the project directory).");
    }

    private static bool LooksLikeScript(string value) =>
        value.EndsWith(".py", StringComparison.Ordinal) || value.EndsWith(".sh", StringComparison.Ordinal);

    private static CalibanException NotFound(string message) => new(ErrorCodes.EntryPointNotFound, message);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\z")]
    private static partial Regex ModuleName();
}
