namespace Caliban.Core.Images;

/// <summary>Quotes words for the POSIX shell that runs a Dockerfile's RUN lines.</summary>
internal static class ShellWords
{
    /// <summary>Single-quotes <paramref name="word"/>; an embedded ' becomes '\''.</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
