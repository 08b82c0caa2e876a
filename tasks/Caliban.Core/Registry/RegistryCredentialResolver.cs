using Caliban.Core.Diagnostics;
using Caliban.Core.Google;

namespace Caliban.Core.Registry;

/// <summary>
/// Finds credentials for a registry like the docker CLI, then Google's: the config's `credHelpers` entry for the
/// registry, then its `credsStore`, then its `auths` entry; for Google registries then an OAuth access token as user
/// `oauth2accesstoken`; else none.
/// </summary>
public sealed class RegistryCredentialResolver
{
    public const string GoogleTokenUser = "oauth2accesstoken";
    private readonly Func<string, string?> environment;
    private readonly string homeDirectory;
    private readonly Func<IAccessTokenSource?> googleTokens;
    private readonly ICalibanLog log;

    /// <param name="googleTokens">Makes the Google token source (called only for Google registries without docker credentials); null when there is none.</param>
    /// <param name="environment">Variables to read instead of the process environment (tests): DOCKER_CONFIG, PATH.</param>
    /// <param name="homeDirectory">Home directory holding `.docker/` when DOCKER_CONFIG is unset.</param>
    public RegistryCredentialResolver(
        ICalibanLog log,
        Func<IAccessTokenSource?> googleTokens,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? homeDirectory = null)
    {
        this.log = log;
        this.googleTokens = googleTokens;
        this.environment = environment is null ? Environment.GetEnvironmentVariable : name => environment.GetValueOrDefault(name);
        this.homeDirectory = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
    }

    /// <summary>The docker config.json this resolver reads.</summary>
    public string ConfigFile => DockerCliConfig.PathFor(environment, homeDirectory);

    public async Task<RegistryCredential> ResolveAsync(ImageRepository repository, CancellationToken ct)
    {
        var config = DockerCliConfig.Load(ConfigFile);
        var missingHelpers = new List<string>();
        foreach (var helper in new[] { config.HelperFor(repository), config.CredsStore }.OfType<string>().Distinct())
        {
            if (CredentialHelper.Find(helper, environment) is not { } program)
            {
                // Like a machine where `gcloud auth configure-docker` ran but gcloud is gone: the next source may still do.
                log.Detail($"{config.File} names credential helper {CredentialHelper.ProgramPrefix}{helper} for {repository.Registry}, but it is not on PATH.");
                missingHelpers.Add(CredentialHelper.ProgramPrefix + helper);
                continue;
            }

            if (await CredentialHelper.GetAsync(program, repository.CredentialKey, environment, ct).ConfigureAwait(false) is { } fromHelper)
            {
                return Found(fromHelper, repository);
            }

            log.Detail($"Credential helper {CredentialHelper.ProgramPrefix}{helper} has no credentials for {repository.Registry}.");
        }

        if (config.AuthsFor(repository) is { } fromAuths)
        {
            return Found(fromAuths, repository);
        }

        if (repository.IsGoogle && googleTokens() is { } tokens)
        {
            string token;
            try
            {
                token = await tokens.GetAccessTokenAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not (CalibanException or OperationCanceledException))
            {
                throw new CalibanException(ErrorCodes.GoogleTokenFailed,
                    $"Cannot get a Google access token from {tokens.Description} to push to {repository.Registry}: {e.Message}. " +
                    "Run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file), " +
                    $"or run `gcloud auth configure-docker {repository.Registry}` so docker credentials are used instead.", inner: e);
            }

            return Found(RegistryCredential.FromPassword(GoogleTokenUser, token, tokens.Description), repository);
        }

        var none = missingHelpers.Count > 0
            ? RegistryCredential.Anonymous($"{string.Join(" and ", missingHelpers)} named in {config.File} not on PATH")
            : RegistryCredential.None;
        log.Detail($"No credentials for {repository.Registry}; pushing anonymously.");
        return none;
    }

    private RegistryCredential Found(RegistryCredential credential, ImageRepository repository)
    {
        log.Detail($"Using {credential.Source} for {repository.Registry}.");
        return credential;
    }
}
