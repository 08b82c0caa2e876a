namespace Caliban.Cli.Parsing;

/// <summary>What the user asked for: one value per leaf command of the tool.</summary>
internal enum CliCommand
{
    Build,
    Run,
    Cloud,
    ClusterJobSubmit,
    ClusterJobSubmitFile,
    ClusterJobList,
    ClusterPodList,
    Status,
    Stop,
    Resubmit,
    Shell,
    Notebook,
    Expansion,
}
