using System.Text.Json;
using Caliban.Core.Diagnostics;
using Google.Apis.Auth.OAuth2;

namespace Caliban.Core.Google;

/// <summary>Reads a JSON credentials file (service-account key, gcloud's authorized-user file…) into a scoped credential.</summary>
internal static class GoogleKeyFiles
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <param name="setting">What named the file (CalibanCloudKeyFile, GOOGLE_APPLICATION_CREDENTIALS), for the messages.</param>
    public static GoogleCredential Load(string path, string setting)
    {
        if (!File.Exists(path))
            throw new CalibanException(ErrorCodes.GoogleKeyFileNotFound,
                $"{setting} names '{path}', which does not exist{(Directory.Exists(path) ? " as a file (it is a folder)" : "")}. " +
                $"Point {setting} at a service-account key file (JSON), or leave it empty to use Application Default Credentials.", path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, setting, $"it cannot be read ({ex.Message})", ex);
        }

        string type;
        try
        {
            using var document = JsonDocument.Parse(json);
            type = document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("type", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw Invalid(path, setting, "it has no \"type\" (like \"service_account\")", null);
        }
        catch (JsonException ex)
        {
            // JsonException messages quote no content, only positions: safe with a private key in the file.
            throw Invalid(path, setting, $"it is not valid JSON (line {ex.LineNumber + 1})", ex);
        }

        try
        {
            var credential = CredentialFactory.FromJson(json, type);
            return credential.IsCreateScopedRequired ? credential.CreateScoped(CloudPlatformScope) : credential;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NotSupportedException
                                   or System.Security.Cryptography.CryptographicException)
        {
            throw Invalid(path, setting, $"Google's credential library refused it ({ex.Message})", ex);
        }
    }

    private static CalibanException Invalid(string path, string setting, string why, Exception? inner)
    {
        // gcloud's own file is fixed by logging in again; a file the user named, by a new key or by not naming it.
        var fix = setting.StartsWith("gcloud", StringComparison.Ordinal)
            ? "Run `gcloud auth application-default login` to write it again."
            : "Download a new JSON key for a service account (`gcloud iam service-accounts keys create key.json " +
              $"--iam-account=SA_EMAIL`), or leave {setting} empty and run `gcloud auth application-default login`.";
        return new CalibanException(ErrorCodes.GoogleKeyFileInvalid, $"The credentials file '{path}' ({setting}) cannot be used: {why}. {fix}", path, inner);
    }
}
