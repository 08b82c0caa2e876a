using System.Text.RegularExpressions;

namespace Caliban.Core.SourceControl;

/// <summary>Keeps secrets out of recorded git remote URLs.</summary>
internal static partial class RemoteUrls
{
    /// <summary>
    /// Drops the user-info of http(s) URLs (a lone user name there is often a token) and the password of other
    /// URLs (ssh://git@host stays as it is). scp-like "git@host:repo" has no password and is kept.
    /// </summary>
    public static string WithoutCredentials(string url)
    {
        var match = UrlWithUserInfo().Match(url);
        if (!match.Success)
        {
            return url;
        }

        var scheme = match.Groups["scheme"].Value;
        var user = match.Groups["user"].Value;
        var rest = match.Groups["rest"].Value;
        if (scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase) || scheme.StartsWith("ftp", StringComparison.OrdinalIgnoreCase))
        {
            return $"{scheme}://{rest}";
        }

        return match.Groups["password"].Success ? $"{scheme}://{user}@{rest}" : url;
    }

    // scheme://user[:password]@rest — the user-info ends at the last '@' before the first '/'.
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?<user>[^/:@]*)(?::(?<password>[^/]*))?@(?<rest>[^@/]*(?:/.*)?)$")]
    private static partial Regex UrlWithUserInfo();
}
