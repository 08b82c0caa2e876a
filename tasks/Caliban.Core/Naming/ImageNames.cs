using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Naming;

/// <summary>Docker repository names: derived from a project name, or checked when a person chose one.</summary>
public static partial class ImageNames
{
    // [registry[:port]/]path-component[/path-component...], the reference grammar of distribution/reference, lower case.
    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex("[^a-z0-9._-]+")]
    private static partial Regex InvalidCharacters();

    [GeneratedRegex("[._-]{2,}")]
    private static partial Regex RepeatedSeparators();

    /// <summary>A valid repository name made from a project name: lower case, other characters turned into '-'.</summary>
    public static string FromProjectName(string projectName)
    {
        var name = InvalidCharacters().Replace(projectName.ToLowerInvariant(), "-");
        name = RepeatedSeparators().Replace(name, "-").Trim('.', '_', '-');
        return name.Length == 0 ? "caliban-image" : name;
    }

    /// <summary>The short form of an image id people see (`sha256:` and 12 hex digits), like the docker CLI's.</summary>
    public static string ShortId(string imageId) =>
        imageId.StartsWith("sha256:", StringComparison.Ordinal) && imageId.Length >= 19 ? imageId[..19] : imageId;

    /// <summary>Throws a CAL1009 naming <paramref name="property"/> when <paramref name="name"/> is not a repository name.</summary>
    public static string Validate(string name, string property)
    {
        if (name.Length <= 255 && RepositoryPattern().IsMatch(name)) return name;
        throw new CalibanException(ErrorCodes.ImageNameInvalid,
            $"{property} is '{name}', which is not a valid image repository name. Use lower-case letters, digits and " +
            "'.', '_', '-' separators, optionally prefixed by a registry host, e.g. 'mnist' or 'us-docker.pkg.dev/my-project/repo/mnist'; " +
            "leave out the tag: Caliban tags each image with its fingerprint.");
    }
}
