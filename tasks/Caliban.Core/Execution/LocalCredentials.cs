namespace Caliban.Core.Execution;

/// <summary>Google credentials for local jobs: a read-only mount of the host's file plus the variable pointing at it.</summary>
public sealed record LocalCredentials(IReadOnlyList<BindMount> Mounts, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Where the credentials file appears inside the container.</summary>
    public const string ContainerPath = "/var/secrets/caliban/google-credentials.json";

    public static LocalCredentials None { get; } = new([], new Dictionary<string, string>());

    /// <summary>
    /// Finds the host's credentials file: GOOGLE_APPLICATION_CREDENTIALS when it names an existing file, else the
    /// gcloud Application Default Credentials (in gcloud's config folder: CLOUDSDK_CONFIG, else ~/.config/gcloud). The file is
    /// mounted where it is, never copied; <see cref="None"/> when there is none.
    /// </summary>
    /// <param name="environment">Variables to read instead of the process environment (tests).</param>
    /// <param name="homeDirectory">Home directory to use instead of the user's (tests).</param>
    public static LocalCredentials Find(IReadOnlyDictionary<string, string?>? environment = null, string? homeDirectory = null)
    {
        var home = homeDirectory ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        Func<string, string?> variable = environment is null ? System.Environment.GetEnvironmentVariable : name => environment.GetValueOrDefault(name);
        var named = variable("GOOGLE_APPLICATION_CREDENTIALS");
        var candidates = new[]
        {
            string.IsNullOrWhiteSpace(named) ? null : ExpandHome(named.Trim(), home),
            Cloud.GcloudConfig.ApplicationDefaultCredentialsFile(variable, home),
        };
        var file = candidates.FirstOrDefault(path => path is not null && File.Exists(path));
        return file is null
            ? None
            : new LocalCredentials(
                [new BindMount(Path.GetFullPath(file), ContainerPath, ReadOnly: true)],
                new Dictionary<string, string> { ["GOOGLE_APPLICATION_CREDENTIALS"] = ContainerPath });
    }

    private static string ExpandHome(string path, string home) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path.TrimStart('~').TrimStart('/')) : path;
}
