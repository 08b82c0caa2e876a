using System.Text.RegularExpressions;

namespace Caliban.Core.Images;

/// <summary>Builds JSONPath strings such as `$.apt_packages.gpu[2]` for error messages.</summary>
internal static partial class JsonPaths
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'")}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex PlainName();
}
