using System.CommandLine;
using Caliban.Cli.Parsing;

namespace Caliban.Cli.Commands;

/// <summary>A parsed command line and where it runs.</summary>
internal sealed record CommandContext(CommandTree Tree, ParseResult Parse, IReadOnlyList<string> ProgramArguments, string CurrentDirectory, CancellationToken Cancellation)
{
    public CliOptions Options => Tree.Options;

    public string CommandPath => CommandTree.PathOf(Parse.CommandResult.Command);

    public bool Verbose => Parse.GetValue(Options.Verbose);

    /// <summary>`--binlog` alone writes caliban.binlog in the current folder.</summary>
    public string? BinlogPath => Parse.GetResult(Options.Binlog) is { Implicit: false }
        ? Path.GetFullPath(Parse.GetValue(Options.Binlog) ?? "caliban.binlog", CurrentDirectory)
        : null;

    public bool Given(Option option) => Parse.GetResult(option) is { Implicit: false };

    public T? Value<T>(Option<T> option) => Given(option) ? Parse.GetValue(option) : default;
}
