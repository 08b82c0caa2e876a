using System.Text;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// How each index of an Indexed Job finds its own arguments while the image's ENTRYPOINT still runs them: the
/// container runs `/bin/sh -c WRAPPER caliban-indexed-job ENTRYPOINT…`; the wrapper reads line JOB_COMPLETION_INDEX
/// of the environment variable CALIBAN_JOB_ARGUMENTS (one line of shell-quoted arguments per index), appends them and
/// `exec`s the entry point. No ConfigMap, nothing else to create or clean up; the image needs /bin/sh.
/// </summary>
public static class IndexedJobArguments
{
    public const string ArgumentsVariable = "CALIBAN_JOB_ARGUMENTS";
    public const string NewlineVariable = "CALIBAN_NL";
    public const string ScriptName = "caliban-indexed-job";

    // Kubernetes expands $(NAME) and $$ in command, args and env values: the wrapper uses neither (backquotes for the
    // counter), and Escape() doubles every $ of the arguments so they arrive unchanged.
    public const string Wrapper = """
        i=0
        while IFS= read -r caliban_line; do
          if [ "$i" = "${JOB_COMPLETION_INDEX:?is not set: run this as an Indexed Job}" ]; then
            eval "set -- \"\$@\" $caliban_line"
            exec "$@"
          fi
          i=`expr "$i" + 1`
        done <<CALIBAN_ARGUMENTS_END
        $CALIBAN_JOB_ARGUMENTS
        CALIBAN_ARGUMENTS_END
        echo "caliban: no arguments for index $JOB_COMPLETION_INDEX" >&2
        exit 64
        """;

    /// <summary>The value of CALIBAN_JOB_ARGUMENTS: line i holds the shell-quoted arguments of job i.</summary>
    public static string Lines(IEnumerable<IReadOnlyList<string>> argumentLists) =>
        string.Join('\n', argumentLists.Select(arguments => string.Join(' ', arguments.Select(Quote))));

    /// <summary>
    /// One argument for `eval`: single-quoted, a single quote written as '\'' and a newline as "$CALIBAN_NL" (so each
    /// job stays on one line).
    /// </summary>
    public static string Quote(string argument)
    {
        var text = new StringBuilder();
        var parts = argument.Split('\n');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0) text.Append("\"$").Append(NewlineVariable).Append('"');
            text.Append('\'').Append(parts[i].Replace("'", "'\\''")).Append('\'');
        }
        return text.ToString();
    }

    /// <summary>Doubles every `$`, which Kubernetes turns back into one: the text reaches the container unchanged.</summary>
    public static string Escape(string text) => text.Replace("$", "$$");
}
