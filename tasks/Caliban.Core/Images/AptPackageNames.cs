using System.Text.RegularExpressions;

namespace Caliban.Core.Images;

/// <summary>What an apt package request may look like: `name`, `name:arch`, `name=version` or `name/release`.</summary>
internal static partial class AptPackageNames
{
    public const string Expected = "an apt package name such as \"libsndfile1\" (optionally with :arch, =version or /release)";

    // Checked before the names reach a RUN line, so they need no shell quoting.
    public static bool IsValid(string name) => Pattern().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.\-]*(:[a-z0-9\-]+)?(=[A-Za-z0-9.+~:\-]+|/[A-Za-z0-9.\-]+)?\z")]
    private static partial Regex Pattern();
}
