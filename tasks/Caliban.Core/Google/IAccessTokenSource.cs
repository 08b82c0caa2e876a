namespace Caliban.Core.Google;

/// <summary>
/// Where OAuth access tokens for Google APIs come from (Vertex AI, Artifact Registry). Tokens are secrets: never log
/// them, never put them on a command line or in an image.
/// </summary>
public interface IAccessTokenSource
{
    /// <summary>Describes the credential source for error messages (e.g. "Application Default Credentials"), never the secret.</summary>
    string Description { get; }

    Task<string> GetAccessTokenAsync(CancellationToken ct);
}

/// <summary>A token given as it is (tests, or CALIBAN_GOOGLE_ACCESS_TOKEN in CI).</summary>
public sealed class FixedAccessToken(string token, string description = "a fixed access token") : IAccessTokenSource
{
    public string Description => description;

    public Task<string> GetAccessTokenAsync(CancellationToken ct) => Task.FromResult(token);
}
