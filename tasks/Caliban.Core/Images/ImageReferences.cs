using System.Text.RegularExpressions;

namespace Caliban.Core.Images;

/// <summary>Checks that a string is a Docker image reference (`[registry[:port]/]path[:tag][@digest]`).</summary>
internal static partial class ImageReferences
{
    private const int MaxNameLength = 255;

    public static bool IsValid(string reference)
    {
        var match = Pattern().Match(reference);
        return match.Success && match.Groups["name"].Length <= MaxNameLength;
    }

    // The grammar of github.com/distribution/reference: lower-case path components, optional host[:port], tag, digest.
    [GeneratedRegex(
        @"^(?<name>(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?" +
        @"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)" +
        @"(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?" +
        @"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?\z")]
    private static partial Regex Pattern();
}
