using Caliban.Core.Diagnostics;

namespace Caliban.Core.Experiments;

/// <summary>
/// Reads Caliban experiment configs (`--experiment_config`): JSON with `#`/`//` comments whose lists expand into one
/// experiment per combination, rendered into arguments exactly as Caliban did.
/// </summary>
public static class ExperimentConfig
{
    /// <summary>The path value that reads the config from standard input (any letter case), as in Caliban.</summary>
    public const string StdinPath = "stdin";

    /// <summary>
    /// Loads and expands the config at <paramref name="pathOrStdin"/> (relative to <paramref name="baseDirectory"/>),
    /// or reads <paramref name="stdin"/> (default: the console) when the path is `stdin`. `-` is an ordinary file name.
    /// </summary>
    public static IReadOnlyList<Experiment> Load(string pathOrStdin, string baseDirectory, TextReader? stdin = null)
    {
        if (string.Equals(pathOrStdin, StdinPath, StringComparison.OrdinalIgnoreCase))
        {
            return Parse(ReadStdin(stdin ?? Console.In), StdinPath, file: null);
        }

        var path = ResolvePath(pathOrStdin, baseDirectory);
        return Parse(ReadFile(pathOrStdin, path, baseDirectory), pathOrStdin, path);
    }

    /// <summary>Validates and expands config JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static IReadOnlyList<Experiment> Parse(string json, string sourceName) => Parse(json, sourceName, sourceName);

    private static IReadOnlyList<Experiment> Parse(string json, string sourceName, string? file)
    {
        using var document = ExperimentJson.Parse(json, sourceName, file);
        var sweeps = ExperimentConfigReader.Read(document.RootElement, sourceName, file);
        return SweepExpander.Expand(sweeps, sourceName, file);
    }

    private static string ResolvePath(string path, string baseDirectory)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigNotFound,
                "The experiment config path is empty. Name a JSON file, or \"stdin\" to read the config from standard input.");
        }

        try
        {
            return Path.GetFullPath(path, Path.GetFullPath(baseDirectory));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigNotFound,
                $"The experiment config path \"{path}\" is not a valid path ({e.Message}). Name an existing JSON file.");
        }
    }

    private static string ReadFile(string shownPath, string path, string baseDirectory)
    {
        if (Directory.Exists(path))
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigNotFound,
                $"The experiment config \"{shownPath}\" is a directory ({path}). Name the JSON file inside it.", path);
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigNotFound,
                $"The experiment config \"{shownPath}\" does not exist (looked for {path}). Fix the path: relative paths " +
                $"start at {baseDirectory}, and \"stdin\" reads the config from standard input.", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigUnreadable,
                $"The experiment config \"{shownPath}\" cannot be read ({e.Message}). Check its permissions.", path);
        }
    }

    private static string ReadStdin(TextReader stdin)
    {
        try
        {
            return stdin.ReadToEnd();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new CalibanException(ErrorCodes.ExperimentConfigUnreadable,
                $"The experiment config cannot be read from standard input ({e.Message}). Pipe the JSON in, or name a file instead of \"stdin\".");
        }
    }
}
