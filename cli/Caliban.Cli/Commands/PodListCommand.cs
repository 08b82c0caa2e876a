using Caliban.Cli.Parsing;
using Caliban.Core.Diagnostics;

namespace Caliban.Cli.Commands;

/// <summary>`caliban cluster pod ls`.</summary>
internal static class PodListCommand
{
    public static int Run(CommandContext context) =>
        throw new UsageError(ErrorCodes.CliNotAvailable, $"{context.CommandPath} is not available in this version yet; `caliban cluster job ls` lists the Kubernetes jobs of the history.");
}
