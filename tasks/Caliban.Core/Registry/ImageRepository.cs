using System.Net;
using Caliban.Core.Diagnostics;
using Caliban.Core.Images;

namespace Caliban.Core.Registry;

/// <summary>
/// A repository to push to (`[host[:port]/]path`, no tag, no digest), split the way the docker CLI reads names: the
/// first component is the registry when it has a '.' or ':' or is "localhost"; otherwise the registry is Docker Hub.
/// </summary>
public sealed class ImageRepository
{
    public const string DockerHub = "docker.io";
    private const string Example = "e.g. us-central1-docker.pkg.dev/my-project/my-repo/mnist, gcr.io/my-project/mnist or 127.0.0.1:5000/team/mnist";

    private ImageRepository(string name, string registry, string path)
    {
        Name = name;
        Registry = registry;
        Path = path;
    }

    /// <summary>The repository as written ("127.0.0.1:5000/x/y"): what the engine tags and pushes.</summary>
    public string Name { get; }

    /// <summary>The registry's host[:port] ("127.0.0.1:5000", "gcr.io", "docker.io").</summary>
    public string Registry { get; }

    /// <summary>The repository path inside the registry ("x/y"; "library/x" on Docker Hub).</summary>
    public string Path { get; }

    /// <summary>The registry's host name without port.</summary>
    public string Host => SplitHost(Registry);

    public bool IsDockerHub => Registry == DockerHub;

    /// <summary>Where the registry's v2 API answers (Docker Hub's API is not on docker.io itself).</summary>
    public string ApiHost => IsDockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>The key the docker CLI stores this registry's credentials under (auths, credHelpers, helper stdin).</summary>
    public string CredentialKey => IsDockerHub ? "https://index.docker.io/v1/" : Registry;

    /// <summary>A loopback registry: the engine trusts 127.0.0.0/8 as insecure and speaks plain HTTP to it.</summary>
    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>Container Registry (gcr.io, *.gcr.io) or Artifact Registry (*-docker.pkg.dev, *.pkg.dev).</summary>
    public bool IsGoogle => Host == "gcr.io" || Host.EndsWith(".gcr.io", StringComparison.Ordinal)
        || Host.EndsWith("-docker.pkg.dev", StringComparison.Ordinal) || Host.EndsWith(".pkg.dev", StringComparison.Ordinal);

    public override string ToString() => Name;

    /// <summary>
    /// Checks <paramref name="value"/> (the value of <paramref name="property"/>) and splits it; throws CAL2201 when it
    /// is empty, CAL2203 for upper case, CAL2204 when a tag or digest is included, CAL2202 when it is malformed.
    /// </summary>
    public static ImageRepository Parse(string? value, string property = "CalibanImageRepository")
    {
        var name = value?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new CalibanException(ErrorCodes.PushRepositoryMissing,
                $"{property} is not set, so there is nowhere to push the image. Set it to the repository to push to ({Example}) " +
                $"in the project file or with -p:{property}=REPOSITORY.");
        }

        if (name.Contains("://", StringComparison.Ordinal))
        {
            throw Invalid(property, name, "a repository has no scheme; leave out 'http://' or 'https://'");
        }

        if (name.Contains('@'))
        {
            throw new CalibanException(ErrorCodes.PushRepositoryHasTag,
                $"{property} is '{name}', which includes a digest. Give the repository only ({name[..name.IndexOf('@')]}): " +
                "the digest is what the push produces (CalibanImageDigest).");
        }

        var slash = name.IndexOf('/');
        var first = slash < 0 ? name : name[..slash];
        var hasRegistry = slash >= 0 && (first.Contains('.') || first.Contains(':') || first == "localhost" || first.ToLowerInvariant() != first);
        if (slash < 0 && name.Contains(':') && !name[(name.LastIndexOf(':') + 1)..].All(char.IsAsciiDigit))
        {
            throw TagIncluded(property, name, name[..name.LastIndexOf(':')]);
        }

        if (slash < 0 && (name.Contains(':') || name == "localhost"))
        {
            throw Invalid(property, name, $"it names a registry but no repository in it; add the path, e.g. {name}/my-project/mnist");
        }

        var registry = hasRegistry ? first : DockerHub;
        var path = hasRegistry ? name[(slash + 1)..] : name;
        var lastComponent = path[(path.LastIndexOf('/') + 1)..];
        if (lastComponent.Contains(':'))
        {
            throw TagIncluded(property, name, name[..name.LastIndexOf(':')]);
        }

        if (path.Any(char.IsAsciiLetterUpper))
        {
            throw new CalibanException(ErrorCodes.PushRepositoryUppercase,
                $"{property} is '{name}', but repository paths must be lower case. Use '{(hasRegistry ? first + "/" : "")}{path.ToLowerInvariant()}'.");
        }

        if (!ImageReferences.IsValid(name) || path.Length == 0)
        {
            throw Invalid(property, name, "use lower-case letters, digits and single '.', '_' or '-' between them in each path component, separated by '/'");
        }

        if (!hasRegistry && !path.Contains('/'))
        {
            path = "library/" + path; // Docker Hub's official-image namespace, as the CLI reads a one-component name
        }

        return new ImageRepository(name, registry, path);
    }

    private static string SplitHost(string registry)
    {
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']');
            return close > 0 ? registry[..(close + 1)] : registry;
        }

        var colon = registry.LastIndexOf(':');
        return colon < 0 ? registry : registry[..colon];
    }

    private static CalibanException Invalid(string property, string name, string why) => new(ErrorCodes.PushRepositoryInvalid,
        $"{property} is '{name}', which is not a valid repository: {why}. Expected [HOST[:PORT]/]PATH, {Example}.");

    private static CalibanException TagIncluded(string property, string name, string withoutTag) => new(ErrorCodes.PushRepositoryHasTag,
        $"{property} is '{name}', which includes a tag. Give the repository only ({withoutTag}): Caliban tags the pushed image " +
        "with its fingerprint and records the digest, so jobs run exactly the image that was built.");
}
