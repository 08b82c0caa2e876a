using System.Text;

namespace Caliban.Core.Images;

/// <summary>Makes a host login name usable by `useradd` (`[a-z_][a-z0-9_-]*`, at most 32 characters).</summary>
public static class LinuxUserNames
{
    public const string Fallback = "caliban";
    private const int MaxLength = 32;

    /// <summary>Lower-cases, turns other characters into `_`, drops a leading digit or dash; <see cref="Fallback"/> if nothing is left.</summary>
    public static string Sanitize(string? name)
    {
        var builder = new StringBuilder();
        foreach (var c in (name ?? "").Trim().ToLowerInvariant())
        {
            var allowed = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
            if (builder.Length == 0 && c is (>= '0' and <= '9') or '-')
            {
                continue;
            }

            builder.Append(allowed ? c : '_');
        }

        var sanitized = builder.ToString();
        if (sanitized.Length > MaxLength)
        {
            sanitized = sanitized[..MaxLength];
        }

        return sanitized.Any(char.IsAsciiLetterOrDigit) ? sanitized : Fallback;
    }
}
