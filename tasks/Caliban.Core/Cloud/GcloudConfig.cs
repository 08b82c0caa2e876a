namespace Caliban.Core.Cloud;

/// <summary>
/// The active gcloud configuration, read as gcloud does without running it: the folder is <c>CLOUDSDK_CONFIG</c>, else
/// <c>~/.config/gcloud</c> (<c>%APPDATA%\gcloud</c> on Windows); the active configuration is
/// <c>CLOUDSDK_ACTIVE_CONFIG_NAME</c>, else the <c>active_config</c> file, else <c>default</c>; its properties are the INI
/// file <c>configurations/config_NAME</c> (or the legacy <c>properties</c> file when that is missing). A missing or
/// unreadable file means no properties: gcloud's config is only ever a fallback.
/// </summary>
public sealed class GcloudConfig
{
    private readonly Dictionary<(string Section, string Key), string> _properties;

    private GcloudConfig(string? path, Dictionary<(string, string), string> properties)
    {
        Path = path;
        _properties = properties;
    }

    /// <summary>The properties file read, or null when none was found.</summary>
    public string? Path { get; }

    public static GcloudConfig Load(IReadOnlyDictionary<string, string?> environment, string? homeDirectory)
    {
        var folder = ConfigFolder(name => Value(environment, name), homeDirectory);
        if (folder is null) return new GcloudConfig(null, []);
        var name = Value(environment, "CLOUDSDK_ACTIVE_CONFIG_NAME") ?? ReadFirstLine(System.IO.Path.Combine(folder, "active_config")) ?? "default";
        foreach (var candidate in new[] { System.IO.Path.Combine(folder, "configurations", $"config_{name}"), System.IO.Path.Combine(folder, "properties") })
        {
            var text = ReadAll(candidate);
            if (text is not null) return new GcloudConfig(candidate, ParseIni(text));
        }
        return new GcloudConfig(null, []);
    }

    /// <summary>A property such as <c>core/project</c>: null when unset or blank.</summary>
    public string? Get(string section, string key) =>
        _properties.GetValueOrDefault((section.ToLowerInvariant(), key.ToLowerInvariant()));

    internal static Dictionary<(string, string), string> ParseIni(string text)
    {
        var properties = new Dictionary<(string, string), string>();
        var section = "";
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line[0] == '[' && line[^1] == ']')
            {
                section = line[1..^1].Trim().ToLowerInvariant();
                continue;
            }
            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0) continue;
            var value = line[(separator + 1)..].Trim();
            if (value.Length > 0) properties[(section, line[..separator].Trim().ToLowerInvariant())] = value;
        }
        return properties;
    }

    /// <summary>gcloud's configuration folder, as gcloud finds it: CLOUDSDK_CONFIG, else %APPDATA%\gcloud on Windows, else ~/.config/gcloud.</summary>
    internal static string? ConfigFolder(Func<string, string?> environment, string? home)
    {
        if (environment("CLOUDSDK_CONFIG") is { Length: > 0 } explicitFolder) return explicitFolder.Trim();
        if (OperatingSystem.IsWindows() && environment("APPDATA") is { Length: > 0 } appData) return System.IO.Path.Combine(appData, "gcloud");
        return string.IsNullOrEmpty(home) ? null : System.IO.Path.Combine(home, ".config", "gcloud");
    }

    /// <summary>Where `gcloud auth application-default login` writes the Application Default Credentials.</summary>
    internal static string? ApplicationDefaultCredentialsFile(Func<string, string?> environment, string? home) =>
        ConfigFolder(environment, home) is { } folder ? System.IO.Path.Combine(folder, "application_default_credentials.json") : null;

    internal static string? Value(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? ReadFirstLine(string path) => ReadAll(path)?.Split('\n')[0].Trim() is { Length: > 0 } line ? line : null;

    private static string? ReadAll(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
