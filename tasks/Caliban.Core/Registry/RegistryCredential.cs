namespace Caliban.Core.Registry;

/// <summary>
/// Credentials for one registry and where they came from. The secret parts never appear in <see cref="ToString"/>,
/// messages or logs: only <see cref="Source"/> does.
/// </summary>
public sealed class RegistryCredential
{
    private RegistryCredential(string? username, string? password, string? identityToken, string source)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        Source = source;
    }

    /// <summary>No credentials: the push goes out anonymously.</summary>
    public static RegistryCredential None { get; } = new(null, null, null, "none");

    /// <summary>No credentials, with a note on why (e.g. a helper that is not installed) for messages.</summary>
    public static RegistryCredential Anonymous(string why) => new(null, null, null, $"none ({why})");

    public static RegistryCredential FromPassword(string username, string password, string source) => new(username, password, null, source);

    /// <summary>An OAuth refresh token (config.json `identitytoken`, or a helper answering with Username "&lt;token&gt;").</summary>
    public static RegistryCredential FromIdentityToken(string token, string source) => new(null, null, token, source);

    public string? Username { get; }

    public string? Password { get; }

    public string? IdentityToken { get; }

    /// <summary>Where the credentials came from, for messages: "credential helper docker-credential-gcloud", "none", …</summary>
    public string Source { get; }

    public bool IsAnonymous => Username is null && IdentityToken is null;

    public override string ToString() => Source;
}
