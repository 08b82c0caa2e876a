using Caliban.Core.Diagnostics;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;

namespace Caliban.Core.Google;

/// <summary>Tokens from a Google credential, which caches and refreshes them itself.</summary>
internal sealed class GoogleCredentialTokens(GoogleCredential credential, string description) : IAccessTokenSource
{
    public string Description => description;

    public Task<string> GetAccessTokenAsync(CancellationToken ct) => TokenOf(credential, description, ct);

    public static async Task<string> TokenOf(GoogleCredential credential, string description, CancellationToken ct)
    {
        try
        {
            return await ((ITokenAccess)credential).GetAccessTokenForRequestAsync(cancellationToken: ct).ConfigureAwait(false);
        }
        catch (TokenResponseException ex)
        {
            // Google's error code and description name the problem (invalid_grant, …) and never carry a token.
            var reason = string.Join(": ", new[] { ex.Error?.Error, ex.Error?.ErrorDescription }.Where(part => !string.IsNullOrEmpty(part)));
            throw Refused(description, $"Google refused to issue an access token ({reason})", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException && !ct.IsCancellationRequested)
        {
            throw Refused(description, $"no access token could be obtained ({ex.Message})", ex);
        }
    }

    private static CalibanException Refused(string description, string why, Exception inner) =>
        new(ErrorCodes.GoogleTokenRefused,
            $"Using {description}, {why}. Renew the credentials with `gcloud auth application-default login`, use a valid " +
            "service-account key in CalibanCloudKeyFile, or set CALIBAN_GOOGLE_ACCESS_TOKEN; check that Google is reachable.", inner: inner);
}
