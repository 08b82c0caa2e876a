namespace Caliban.Core.History;

/// <summary>Where the job history lives: an explicit path, else <c>CALIBAN_DB</c>, else <c>~/.caliban/caliban.db</c>.</summary>
internal sealed record JobStoreLocation(string Path, string Source)
{
    public const string EnvironmentVariable = "CALIBAN_DB";

    public static JobStoreLocation Resolve(string? explicitPath, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return new(FullPath(explicitPath), "given by the caller");

        var fromEnvironment = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return new(FullPath(fromEnvironment), $"set by {EnvironmentVariable}");

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new(System.IO.Path.Combine(home, ".caliban", "caliban.db"), "the default");
    }

    private static string FullPath(string path)
    {
        // "~/x" is common in environment files that no shell expanded.
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.TrimStart('~', '/'));
        }
        return System.IO.Path.GetFullPath(path);
    }
}
