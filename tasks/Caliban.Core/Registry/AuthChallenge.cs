using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Caliban.Core.Registry;

/// <summary>One WWW-Authenticate challenge of a registry: "Basic realm=…" or "Bearer realm=…,service=…,scope=…".</summary>
internal sealed partial record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public bool Is(string scheme) => Scheme.Equals(scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>HttpClient splits the header into challenges; their parameters are `name="quoted"` or `name=token` pairs.</summary>
    public static AuthChallenge From(AuthenticationHeaderValue header)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match parameter in ParameterPattern().Matches(header.Parameter ?? ""))
        {
            parameters[parameter.Groups["name"].Value] = parameter.Groups["quoted"].Success
                ? QuotedPair().Replace(parameter.Groups["quoted"].Value, "$1")
                : parameter.Groups["plain"].Value;
        }

        return new AuthChallenge(header.Scheme, parameters);
    }

    [GeneratedRegex(@"(?<name>[A-Za-z_]+)\s*=\s*(?:""(?<quoted>(?:[^""\\]|\\.)*)""|(?<plain>[^,\s]*))")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex QuotedPair();
}
