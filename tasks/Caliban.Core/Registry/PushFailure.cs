using Caliban.Core.Diagnostics;

namespace Caliban.Core.Registry;

/// <summary>
/// Turns what the engine said about a failed push into a coded error that names the registry, the credential
/// source and what to run to fix it. The engine's words are matched loosely: they differ between versions.
/// </summary>
internal static class PushFailure
{
    private static readonly string[] DeniedWords =
        ["unauthorized", "denied", "authentication required", "no basic auth credentials", "forbidden", "permission", "401", "403"];
    private static readonly string[] TlsWords =
        ["x509", "certificate", "server gave http response to https client", "tls:", "handshake"];
    private static readonly string[] UnreachableWords =
        ["no such host", "server misbehaving", "connection refused", "i/o timeout", "no route to host", "network is unreachable",
         "dial tcp", "timeout exceeded", "connection reset", ": eof", "unexpected eof"];
    private static readonly string[] NameWords =
        ["name invalid", "name_invalid", "invalid reference format", "repository name must", "name unknown", "name_unknown", "invalid repository name"];

    public static CalibanException Describe(string error, ImageRepository repository, string tag, RegistryCredential credential)
    {
        var message = error.Trim().TrimEnd('.');
        var lower = message.ToLowerInvariant();
        var what = $"Pushing {repository.Name}:{tag} to {repository.Registry} failed: {message}. Credentials used: {credential.Source}.";
        if (ContainsAny(lower, TlsWords))
        {
            return new CalibanException(ErrorCodes.RegistryTlsFailed, $"{what} {TlsFix(lower, repository)}");
        }

        if (ContainsAny(lower, UnreachableWords))
        {
            return new CalibanException(ErrorCodes.RegistryUnreachable,
                $"{what} The registry cannot be reached: check the host in CalibanImageRepository ({repository.Registry}), that it runs, " +
                "and the engine's network and proxy settings (`docker info`); try `docker pull` of any image from it.");
        }

        if (ContainsAny(lower, NameWords))
        {
            return new CalibanException(ErrorCodes.RegistryNameRejected,
                $"{what} The registry does not accept the repository name: check CalibanImageRepository. " + (repository.IsGoogle
                    ? $"For Artifact Registry the repository must exist first: `gcloud artifacts repositories create REPO --repository-format=docker --location=LOCATION`; the path is {repository.Registry}/PROJECT/REPO/IMAGE."
                    : "Some registries want a fixed number of path components (e.g. PROJECT/IMAGE) or the repository created beforehand."));
        }

        if (ContainsAny(lower, DeniedWords))
        {
            return new CalibanException(ErrorCodes.RegistryDenied, $"{what} {DeniedFix(repository, credential)}");
        }

        return new CalibanException(ErrorCodes.PushFailed,
            $"{what} Check the engine's log and `docker push {repository.Name}:{tag}`, then build again.");
    }

    private static string DeniedFix(ImageRepository repository, RegistryCredential credential)
    {
        var refused = credential.IsAnonymous
            ? "The registry wants credentials and none were found."
            : "The registry refused these credentials (expired, wrong, or without write access to this repository).";
        if (repository.IsGoogle)
        {
            return $"{refused} Run `gcloud auth configure-docker {repository.Registry}` (docker credentials), or " +
                   "`gcloud auth application-default login` (Application Default Credentials) or set GOOGLE_APPLICATION_CREDENTIALS " +
                   "to a service-account key; the account needs write access (e.g. roles/artifactregistry.writer).";
        }

        var login = repository.IsDockerHub ? "docker login" : $"docker login {repository.Registry}";
        return $"{refused} Run `{login}` (it stores credentials in the docker config.json or its credential helper), then push again.";
    }

    private static string TlsFix(string lower, ImageRepository repository)
    {
        if (lower.Contains("http response to https client"))
        {
            return $"The registry speaks plain HTTP. Serve it over HTTPS, or add it to the engine's insecure registries: " +
                   $"\"insecure-registries\": [\"{repository.Registry}\"] in /etc/docker/daemon.json, then restart the engine.";
        }

        return $"The engine does not trust the registry's certificate. Put its CA certificate in /etc/docker/certs.d/{repository.Registry}/ca.crt " +
               "(or the system's trust store) and restart the engine; check the host name matches the certificate.";
    }

    private static bool ContainsAny(string text, string[] words) => words.Any(word => text.Contains(word, StringComparison.Ordinal));
}
