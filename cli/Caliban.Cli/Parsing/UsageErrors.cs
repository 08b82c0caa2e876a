using System.CommandLine;
using System.CommandLine.Parsing;
using Caliban.Core.Diagnostics;

namespace Caliban.Cli.Parsing;

/// <summary>
/// Turns System.CommandLine's parse errors into one line a new user can act on: the closest flag for a typo, the
/// commands a flag belongs to when given to the wrong one, and where program arguments go (after `--`).
/// </summary>
internal static class UsageErrors
{
    public static UsageError Describe(ParseResult parse, CommandTree tree)
    {
        var command = parse.CommandResult.Command;
        var path = CommandTree.PathOf(command);
        var help = $"See '{path} --help'.";
        // An unknown flag where the module goes is taken for the module by the parser: report it as the flag it is.
        if (command.Arguments.Contains(tree.Module) && parse.GetValue(tree.Module) is { } module && module.StartsWith('-'))
            return Unmatched(module, command, path, help, parse, tree);
        if (parse.UnmatchedTokens.FirstOrDefault() is { } token)
            return Unmatched(token, command, path, help, parse, tree);

        var error = parse.Errors[0];
        if (error.SymbolResult is OptionResult option)
            return new UsageError(ErrorCodes.CliFlagValueInvalid, $"{path}: {Invalid(option, error.Message)} {help}");
        if (error.SymbolResult is ArgumentResult { Argument: var argument } && argument.Arity.MinimumNumberOfValues > 0 && error.Message.Contains("Required", StringComparison.OrdinalIgnoreCase))
            return new UsageError(ErrorCodes.CliArgumentMissing, $"{path} needs {argument.HelpName ?? argument.Name}: {argument.Description} {help}");
        if (command.Subcommands.Count > 0)
            return new UsageError(ErrorCodes.CliUnknownCommand,
                $"{path} needs a command: one of {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}. {help}");
        return new UsageError(ErrorCodes.CliArgumentMissing, $"{path}: {error.Message} {help}");
    }

    private static UsageError Unmatched(string token, Command command, string path, string help, ParseResult parse, CommandTree tree)
    {
        if (token.StartsWith('-'))
        {
            var name = token.Split('=', 2)[0];
            var own = FlagsOf(command).ToArray();
            if (Closest(name, own) is { } suggestion)
                return new UsageError(ErrorCodes.CliUnknownFlag, $"{path}: unknown flag '{name}'; did you mean '{suggestion}'? {help}");
            var owners = CommandTree.AllCommands(tree.Root)
                .Where(other => tree.LeafOf(other) is not null && other != command && other.Options.Any(o => o.Name == name || o.Aliases.Contains(name)))
                .Select(CommandTree.PathOf).ToArray();
            if (owners.Length > 0)
                return new UsageError(ErrorCodes.CliFlagOfOtherCommand,
                    $"{path} has no flag '{name}'; it belongs to {string.Join(", ", owners)}. {help}");
            if (command.Arguments.Contains(tree.Module))
            {
                // The parser may have taken the flag itself for the module: show a module only when it is one.
                var moduleShown = parse.GetValue(tree.Module) is { } given && !given.StartsWith('-') ? given : "MODULE";
                var programArguments = parse.UnmatchedTokens.SkipWhile(t => t != token).DefaultIfEmpty(token);
                return new UsageError(ErrorCodes.CliUnknownFlag,
                    $"{path} has no flag '{name}'. If it is meant for your program, put it after '--': {path} {moduleShown} -- {string.Join(' ', programArguments)}. {help}");
            }
            return new UsageError(ErrorCodes.CliUnknownFlag, $"{path} has no flag '{name}'. {help}");
        }

        if (command.Subcommands.Count > 0)
        {
            var names = command.Subcommands.Select(c => c.Name).ToArray();
            var closest = Closest(token, names);
            return new UsageError(ErrorCodes.CliUnknownCommand,
                $"{path} has no command '{token}'{(closest is null ? "." : $"; did you mean '{closest}'?")} Commands: {string.Join(", ", names)}. {help}");
        }
        if (command.Arguments.Contains(tree.Module) && parse.GetValue(tree.Module) is { } module)
            return new UsageError(ErrorCodes.CliUnknownFlag,
                $"{path}: '{token}' comes after the module '{module}'. Arguments for your program go after '--' ({path} {module} -- {string.Join(' ', parse.UnmatchedTokens.SkipWhile(t => t != token))}); flags for caliban go before the module. {help}");
        return new UsageError(ErrorCodes.CliUnknownFlag, $"{path} takes no argument '{token}'. {help}");
    }

    private static string Invalid(OptionResult result, string message)
    {
        var option = result.Option;
        var given = result.Tokens.FirstOrDefault()?.Value;
        return message.StartsWith("Cannot parse", StringComparison.Ordinal)
            ? $"{option.Name} needs a whole number, not '{given}'."
            : given is null || message.Contains("expects", StringComparison.OrdinalIgnoreCase)
                ? $"{option.Name} needs a value ({option.HelpName ?? "VALUE"})."
                : $"{option.Name} {given}: {string.Join(' ', message.Split((char[])['\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.')}.";
    }

    /// <summary>Every spelling of the command's own flags and the global ones.</summary>
    public static IEnumerable<string> FlagsOf(Command command)
    {
        var options = command.Options.AsEnumerable();
        foreach (var parent in Ancestors(command)) options = options.Concat(parent.Options.Where(o => o.Recursive));
        return options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct();
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            yield return parent;
    }

    /// <summary>The candidate closest to <paramref name="word"/>: a prefix (Caliban accepted abbreviations) or a small edit distance.</summary>
    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var list = candidates.ToArray();
        var prefixed = list.Where(c => word.Length >= 3 && c.StartsWith(word, StringComparison.Ordinal)).ToArray();
        if (prefixed.Length == 1) return prefixed[0];
        var best = list.Select(c => (Candidate: c, Distance: Distance(Normalize(word), Normalize(c)))).OrderBy(x => x.Distance).FirstOrDefault();
        var length = Normalize(word).Length;
        return best.Candidate is not null && best.Distance <= (length <= 4 ? 1 : Math.Max(2, length / 4)) ? best.Candidate : null;
    }

    // `--no-cache` and `--no_cache` are the same mistake as a typo of one letter.
    private static string Normalize(string flag) => flag.TrimStart('-').Replace('-', '_').ToLowerInvariant();

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }
        return row[b.Length];
    }
}
