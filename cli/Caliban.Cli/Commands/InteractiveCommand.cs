using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;

namespace Caliban.Cli.Commands;

/// <summary>`caliban shell` and `caliban notebook`: wired to Caliban.Core's interactive containers when they land.</summary>
internal static class InteractiveCommand
{
    public static int Run(CliCommand command, CommandContext context) =>
        throw new UsageError(ErrorCodes.CliNotInteractive, $"{context.CommandPath} is not available in this build yet.");
}
