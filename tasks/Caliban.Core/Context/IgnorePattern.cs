using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Caliban.Core.Context;

/// <summary>
/// One cleaned .dockerignore pattern, translated the way moby/patternmatcher does: literal, prefix and suffix patterns
/// are compared as strings, everything else becomes a regular expression.
/// </summary>
internal sealed class IgnorePattern
{
    private const string RegexOnlyMetacharacters = ".+()|{}$";
    private const string AnyDirectoriesPrefix = "^(.*/)?";

    // The default and credential patterns recur in every build a long-lived MSBuild node runs: compile them once.
    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    private readonly MatchKind _kind;
    private readonly string _literal;
    private readonly Regex? _regex;

    private IgnorePattern(string text, bool isException, MatchKind kind, string literal, Regex? regex)
    {
        Text = text;
        IsException = isException;
        _kind = kind;
        _literal = literal;
        _regex = regex;
    }

    private enum MatchKind
    {
        Exact,
        Prefix,
        Suffix,
        LastSegment,
        Regex,
    }

    /// <summary>The cleaned pattern without its '!'.</summary>
    public string Text { get; }

    /// <summary>True for a '!' pattern, which re-includes what earlier patterns excluded.</summary>
    public bool IsException { get; }

    /// <summary>Compiles a cleaned, syntax-checked pattern; throws <see cref="ArgumentException"/> when the regex is invalid.</summary>
    public static IgnorePattern Create(string text, bool isException)
    {
        var (kind, regex) = Translate(text);
        return kind switch
        {
            MatchKind.Exact => new(text, isException, kind, text, null),
            MatchKind.Prefix => new(text, isException, kind, text[..^2], null),
            MatchKind.Suffix => new(text, isException, kind, text[2..], null),
            _ when IsAnyDepthNamePattern(text) =>
                new(text, isException, MatchKind.LastSegment, "", GetRegex("^" + regex[AnyDirectoriesPrefix.Length..])),
            _ => new(text, isException, kind, "", GetRegex(regex)),
        };
    }

    /// <summary>Matches one slash-separated path (no parent-directory logic; <see cref="DockerIgnore"/> adds that).</summary>
    public bool Matches(ReadOnlySpan<char> path) => _kind switch
    {
        MatchKind.Exact => path.SequenceEqual(_literal),
        MatchKind.Prefix => path.StartsWith(_literal, StringComparison.Ordinal),
        // "**/foo" also matches "foo" itself.
        MatchKind.Suffix => path.EndsWith(_literal, StringComparison.Ordinal)
            || (_literal.StartsWith('/') && path.SequenceEqual(_literal.AsSpan(1))),
        MatchKind.LastSegment => _regex!.IsMatch(path[(path.LastIndexOf('/') + 1)..]),
        _ => _regex!.IsMatch(path),
    };

    /// <summary>
    /// Whether this pattern could match some path strictly inside <paramref name="directory"/>. Errs on the side of
    /// true: a false answer lets the walker prune the directory.
    /// </summary>
    public bool CouldMatchBelow(string directory)
    {
        var below = directory + "/";
        return _kind switch
        {
            MatchKind.Exact => _literal.StartsWith(below, StringComparison.Ordinal),
            MatchKind.Prefix => below.StartsWith(_literal, StringComparison.Ordinal)
                || _literal.StartsWith(below, StringComparison.Ordinal),
            MatchKind.Suffix or MatchKind.LastSegment => true,
            _ => SegmentsCouldMatchBelow(directory),
        };
    }

    public override string ToString() => IsException ? "!" + Text : Text;

    private bool SegmentsCouldMatchBelow(string directory)
    {
        var patternSegments = Text.Split('/');
        var directorySegments = directory.Split('/');
        for (int i = 0; i < patternSegments.Length; i++)
        {
            if (i >= directorySegments.Length || patternSegments[i].Contains("**", StringComparison.Ordinal))
            {
                return true;
            }

            if (!SegmentCouldMatch(patternSegments[i], directorySegments[i]))
            {
                return false;
            }
        }

        // The pattern ends at the directory's own depth, so it cannot reach below it.
        return false;
    }

    private static bool SegmentCouldMatch(string patternSegment, string name)
    {
        // A segment cut out of a class or escape that spans a '/' cannot be judged alone.
        if (GlobSyntax.FindError(patternSegment) != null)
        {
            return true;
        }

        try
        {
            var (kind, regex) = Translate(patternSegment);
            return kind == MatchKind.Exact ? patternSegment == name : GetRegex(regex).IsMatch(name);
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    // "**/name-glob" (no further '/', class or escape) is by far the most common regex pattern; the leading
    // "(.*/)?" can only end at a '/', so matching the last path segment alone is equivalent and much cheaper.
    private static bool IsAnyDepthNamePattern(string text) =>
        text.StartsWith("**/", StringComparison.Ordinal)
        && text.AsSpan(3).IndexOfAny("/[\\") < 0
        && !text.AsSpan(3).Contains("**", StringComparison.Ordinal);

    // A port of patternmatcher's Pattern.compile (Unix separators), kept step by step so its quirks match Docker's:
    // a leading "**" makes a suffix pattern, a trailing "**" after literals a prefix pattern.
    private static (MatchKind Kind, string Regex) Translate(string pattern)
    {
        var regex = new StringBuilder("^");
        var kind = MatchKind.Exact;
        int position = 0;
        for (int step = 0; position < pattern.Length; step++)
        {
            char ch = pattern[position++];
            if (ch == '*')
            {
                if (position < pattern.Length && pattern[position] == '*')
                {
                    position++;
                    if (position < pattern.Length && pattern[position] == '/')
                    {
                        position++; // "**/" behaves as "**"
                    }

                    if (position == pattern.Length)
                    {
                        if (kind == MatchKind.Exact)
                        {
                            kind = MatchKind.Prefix;
                        }
                        else
                        {
                            regex.Append(".*");
                            kind = MatchKind.Regex;
                        }
                    }
                    else
                    {
                        regex.Append("(.*/)?");
                        kind = MatchKind.Regex;
                    }

                    if (step == 0)
                    {
                        kind = MatchKind.Suffix;
                    }
                }
                else
                {
                    regex.Append("[^/]*");
                    kind = MatchKind.Regex;
                }
            }
            else if (ch == '?')
            {
                regex.Append("[^/]");
                kind = MatchKind.Regex;
            }
            else if (RegexOnlyMetacharacters.Contains(ch))
            {
                regex.Append('\\').Append(ch);
            }
            else if (ch == '\\')
            {
                regex.Append(EscapedCharacter(pattern[position++]));
                kind = MatchKind.Regex;
            }
            else if (ch is '[' or ']')
            {
                regex.Append(ch);
                kind = MatchKind.Regex;
            }
            else
            {
                regex.Append(ch);
            }
        }

        return (kind, regex.Append(@"\z").ToString());
    }

    // Docker hands "\x" to Go's regexp as is: letters keep their regex meaning (\d is a digit) and unknown ones fail.
    // Any other character is written as \uXXXX, a literal both inside and outside [...].
    private static string EscapedCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) ? "\\" + c : $"\\u{(int)c:X4}";

    private static Regex GetRegex(string pattern) =>
        RegexCache.GetOrAdd(pattern, static p => new Regex(
            p, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Compiled));
}
