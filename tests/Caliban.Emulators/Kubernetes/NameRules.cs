using System.Text.RegularExpressions;

namespace Caliban.Emulators.Kubernetes;

/// <summary>The API server's name, label and annotation syntax checks, with its messages.</summary>
internal static partial class NameRules
{
    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string QualifiedNameMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private const string EnvVarNameMessage =
        "a valid environment variable name must consist only of printable ASCII characters other than '='";

    /// <summary>Problems with a DNS-1123 label (container names): empty list when valid.</summary>
    public static IEnumerable<string> Dns1123Label(string value)
    {
        if (value.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }
        if (!Dns1123LabelShape().IsMatch(value))
        {
            yield return Dns1123LabelMessage;
        }
    }

    /// <summary>Problems with a DNS-1123 subdomain (object names, service accounts).</summary>
    public static IEnumerable<string> Dns1123Subdomain(string value)
    {
        if (value.Length > 253)
        {
            yield return "must be no more than 253 characters";
        }
        if (!Dns1123SubdomainShape().IsMatch(value))
        {
            yield return Dns1123SubdomainMessage;
        }
    }

    /// <summary>Problems with a qualified name ("prefix/name", label and annotation keys).</summary>
    public static IEnumerable<string> QualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = value[..slash];
            if (prefix.Length == 0)
            {
                yield return "prefix part must be non-empty";
            }
            else
            {
                foreach (var problem in Dns1123Subdomain(prefix))
                {
                    yield return "prefix part " + problem;
                }
            }
            if (name.Contains('/', StringComparison.Ordinal))
            {
                yield return "a qualified name " + QualifiedNameMessage[10..];
                yield break;
            }
        }
        if (name.Length == 0)
        {
            yield return "name part must be non-empty";
        }
        else
        {
            if (name.Length > 63)
            {
                yield return "name part must be no more than 63 characters";
            }
            if (!QualifiedNameShape().IsMatch(name))
            {
                yield return QualifiedNameMessage;
            }
        }
    }

    /// <summary>Problems with a label value (may be empty).</summary>
    public static IEnumerable<string> LabelValue(string value)
    {
        if (value.Length > 63)
        {
            yield return "must be no more than 63 characters";
        }
        if (value.Length > 0 && !QualifiedNameShape().IsMatch(value))
        {
            yield return LabelValueMessage;
        }
    }

    /// <summary>Problems with an environment variable name (relaxed rules, Kubernetes 1.30+).</summary>
    public static IEnumerable<string> EnvVarName(string value)
    {
        if (value.Length == 0 || value.Contains('=', StringComparison.Ordinal) || value.Any(c => c < 32 || c > 126))
        {
            yield return EnvVarNameMessage;
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123LabelShape();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123SubdomainShape();

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex QualifiedNameShape();
}
