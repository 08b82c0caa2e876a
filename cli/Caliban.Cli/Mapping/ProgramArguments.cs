namespace Caliban.Cli.Mapping;

/// <summary>
/// Caliban's `-- ARGS` as one CalibanArgs value: each argument quoted so that the SDK's shell-like splitting
/// (Caliban.Core.Experiments.CommandLineWords) gives back exactly the same list.
/// </summary>
internal static class ProgramArguments
{
    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    public static string Quote(string argument) =>
        argument.Length > 0 && argument.All(IsPlain) ? argument : "'" + argument.Replace("'", "'\\''") + "'";

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '=' or ':' or ',' or '+' or '@' or '%';
}
