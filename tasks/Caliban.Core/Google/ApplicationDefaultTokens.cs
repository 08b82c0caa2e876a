using Caliban.Core.Diagnostics;
using Google.Apis.Auth.OAuth2;

namespace Caliban.Core.Google;

/// <summary>
/// Application Default Credentials, found on the first token request. The files (GOOGLE_APPLICATION_CREDENTIALS, then
/// gcloud's application_default_credentials.json) are looked for here rather than by the library, because the library
/// caches a failed lookup for the life of the process: an MSBuild node would keep failing after the user ran
/// `gcloud auth application-default login`. Only the last resort, the metadata server of a Google VM, is the library's.
/// </summary>
internal sealed class ApplicationDefaultTokens(Func<string, string?> environment) : IAccessTokenSource
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private GoogleCredential? credential;

    public string Description { get; private set; } = "Application Default Credentials";

    public async Task<string> GetAccessTokenAsync(CancellationToken ct)
    {
        var resolved = credential ?? await ResolveAsync(ct).ConfigureAwait(false);
        return await GoogleCredentialTokens.TokenOf(resolved, Description, ct).ConfigureAwait(false);
    }

    private async Task<GoogleCredential> ResolveAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (credential is not null)
                return credential;
            var (found, description) = FindFile() is { } file
                ? (GoogleKeyFiles.Load(file.Path, file.Setting), $"Application Default Credentials ({file.Path})")
                : (await FromMetadataServerAsync(ct).ConfigureAwait(false), "Application Default Credentials (this VM's service account)");
            Description = description;
            return credential = found;
        }
        finally
        {
            gate.Release();
        }
    }

    private (string Path, string Setting)? FindFile()
    {
        if (environment("GOOGLE_APPLICATION_CREDENTIALS") is { Length: > 0 } explicitFile)
            return (Path.GetFullPath(explicitFile), "GOOGLE_APPLICATION_CREDENTIALS");
        var home = environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var gcloudFile = Cloud.GcloudConfig.ApplicationDefaultCredentialsFile(environment, home);
        return gcloudFile is not null && File.Exists(gcloudFile) ? (gcloudFile, "gcloud's application default credentials") : null;
    }

    private static async Task<GoogleCredential> FromMetadataServerAsync(CancellationToken ct)
    {
        try
        {
            var found = await GoogleCredential.GetApplicationDefaultAsync(ct).ConfigureAwait(false);
            return found.IsCreateScopedRequired ? found.CreateScoped(GoogleKeyFiles.CloudPlatformScope) : found;
        }
        catch (InvalidOperationException ex)
        {
            throw new CalibanException(ErrorCodes.GoogleCredentialsNotFound,
                "No Google credentials were found: CALIBAN_GOOGLE_ACCESS_TOKEN, CalibanCloudKeyFile and GOOGLE_APPLICATION_CREDENTIALS are " +
                "not set, gcloud has no application default credentials, and this is not a Google Cloud VM. Run " +
                "`gcloud auth application-default login`, or set GOOGLE_APPLICATION_CREDENTIALS or CalibanCloudKeyFile to a " +
                "service-account key file.", inner: ex);
        }
    }
}
