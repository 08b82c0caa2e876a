namespace Caliban.Core.Context;

/// <summary>
/// The syntax check Docker runs on every ignore pattern (Go's <c>filepath.Match</c> rules): a trailing backslash and a
/// malformed <c>[...]</c> class are errors.
/// </summary>
internal static class GlobSyntax
{
    /// <summary>Returns why <paramref name="pattern"/> is malformed, or null when it is well formed.</summary>
    public static string? FindError(string pattern)
    {
        int i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return "it ends with an unescaped '\\'";
                    }

                    i += 2;
                    break;
                case '[':
                    var classError = SkipClass(pattern, ref i);
                    if (classError != null)
                    {
                        return classError;
                    }

                    break;
                default:
                    i++;
                    break;
            }
        }

        return null;
    }

    // Mirrors Go's matchChunk/getEsc: '[' '^'? (item ('-' item)?)+ ']' where an item is a character or '\' character.
    private static string? SkipClass(string pattern, ref int i)
    {
        i++;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        for (int ranges = 0; ; ranges++)
        {
            if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
            {
                i++;
                return null;
            }

            if (!SkipClassItem(pattern, ref i))
            {
                return "it has an empty or unterminated [...] character class";
            }

            if (pattern[i] == '-')
            {
                i++;
                if (!SkipClassItem(pattern, ref i))
                {
                    return "it has an incomplete range in a [...] character class";
                }
            }
        }
    }

    private static bool SkipClassItem(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] == '-' || pattern[i] == ']')
        {
            return false;
        }

        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                return false;
            }
        }

        i++;
        return i < pattern.Length; // the class must still be closed
    }
}
