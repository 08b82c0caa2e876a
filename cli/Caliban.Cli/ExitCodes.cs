namespace Caliban.Cli;

/// <summary>The exit codes scripts can rely on (README "The caliban command").</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The build or a job failed (the error lines say which).</summary>
    public const int Failure = 1;
    /// <summary>The command line is wrong: unknown flag, missing module, contradicting flags.</summary>
    public const int Usage = 2;
    /// <summary>The machine lacks something: no Docker engine, no .NET SDK, Caliban.Sdk not in any feed.</summary>
    public const int Environment = 3;
    /// <summary>Ctrl+C.</summary>
    public const int Canceled = 130;

    /// <summary>Error codes that mean "the environment", not "your build".</summary>
    public static readonly IReadOnlySet<string> EnvironmentCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        Core.Diagnostics.ErrorCodes.EngineUnreachable,
        Core.Diagnostics.ErrorCodes.DockerContextInvalid,
        Core.Diagnostics.ErrorCodes.DockerHostUnsupported,
        Core.Diagnostics.ErrorCodes.DockerTlsUnsupported,
        Core.Diagnostics.ErrorCodes.DockerConfigInvalid,
        Core.Diagnostics.ErrorCodes.CliNoDotnetSdk,
        Core.Diagnostics.ErrorCodes.CliCalibanSdkNotFound,
        "MSB4236",
    };

    public static int ForErrors(IEnumerable<string> codes) => codes.Any(EnvironmentCodes.Contains) ? Environment : Failure;
}
