namespace Caliban.Core.Google;

/// <summary>Chooses where Google access tokens come from, in the order a user expects.</summary>
public static class GoogleAccessTokens
{
    public const string TokenVariable = "CALIBAN_GOOGLE_ACCESS_TOKEN";

    /// <summary>
    /// <see cref="TokenVariable"/> when set (CI, or a token from `gcloud auth print-access-token`); else
    /// <paramref name="keyFile"/> (CalibanCloudKeyFile, a full path), read now so a bad file fails early; else
    /// Application Default Credentials, looked up on the first token request. Scope: cloud-platform.
    /// </summary>
    public static IAccessTokenSource Create(string? keyFile) => Create(keyFile, Environment.GetEnvironmentVariable);

    internal static IAccessTokenSource Create(string? keyFile, Func<string, string?> environment)
    {
        if (environment(TokenVariable) is { } token && !string.IsNullOrWhiteSpace(token))
            return new FixedAccessToken(token.Trim(), TokenVariable);
        if (!string.IsNullOrWhiteSpace(keyFile))
        {
            var path = Path.GetFullPath(keyFile.Trim());
            return new GoogleCredentialTokens(GoogleKeyFiles.Load(path, "CalibanCloudKeyFile"), $"the key file {path} (CalibanCloudKeyFile)");
        }
        return new ApplicationDefaultTokens(environment);
    }
}
