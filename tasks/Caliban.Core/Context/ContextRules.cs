namespace Caliban.Core.Context;

/// <summary>Everything that decides whether a project file is sent: the ignore rules, and the credential checks apart.</summary>
internal sealed class ContextRules
{
    private readonly string? _credentialsFile;
    private readonly FileHashCache _sniffCache;

    private ContextRules(DockerIgnore ignore, string? credentialsFile, FileHashCache sniffCache)
    {
        Ignore = ignore;
        _credentialsFile = credentialsFile;
        _sniffCache = sniffCache;
    }

    /// <summary>Defaults, .dockerignore, extra excludes and the forced rules, in that order.</summary>
    public DockerIgnore Ignore { get; }

    public DockerIgnore Credentials => DefaultExcludes.CredentialRules;

    public static ContextRules Create(string projectDirectory, ContextOptions options, FileHashCache? cache)
    {
        var parts = new List<DockerIgnore>();
        if (options.UseDefaultExcludes)
        {
            parts.Add(DefaultExcludes.ClutterRules);
        }

        parts.Add(DockerIgnore.Load(projectDirectory));
        if (options.ExtraExcludes.Count > 0)
        {
            parts.Add(DockerIgnore.Parse(options.ExtraExcludes, "the project's extra build-context excludes"));
        }

        parts.Add(DefaultExcludes.ForcedRules(options.UseDefaultExcludes));
        return new ContextRules(
            DockerIgnore.Concat([.. parts]),
            CredentialsFileInside(projectDirectory, options.CredentialsFile),
            cache ?? new FileHashCache());
    }

    /// <summary>Why the file must not be sent because it holds credentials, or null when it may be sent.</summary>
    public string? FindCredentialReason(ContextFile file, bool[]? credentialAncestorMatches)
    {
        if (Credentials.FindDecidingPattern(file.RelativePath, credentialAncestorMatches) is { } pattern)
        {
            return $"it matches the credential pattern '{pattern}'";
        }

        if (_credentialsFile != null && string.Equals(file.RelativePath, _credentialsFile, ProjectPath.Comparison))
        {
            return "it is the GOOGLE_APPLICATION_CREDENTIALS file";
        }

        if (CredentialJsonSniffer.IsCandidate(file) && _sniffCache.IsCredentialJson(file))
        {
            return "it is a Google credential key file";
        }

        return null;
    }

    private static string? CredentialsFileInside(string projectDirectory, string? credentialsFile) =>
        string.IsNullOrWhiteSpace(credentialsFile) ? null : ProjectPath.RelativeInside(projectDirectory, credentialsFile);
}
