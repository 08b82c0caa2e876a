namespace Caliban.Cli.Output;

/// <summary>The SDK's targets as the steps people recognise; internal targets without a name of their own are not shown.</summary>
internal static class StepNames
{
    public static string? Describe(string target) => target switch
    {
        "CalibanResolveConfig" => "Reading the configuration",
        "CalibanGenerateDockerfile" => "Writing the Dockerfile",
        "_CalibanCollectContext" => "Collecting the build context",
        "_CalibanCheckImage" => "Checking the image",
        "_CalibanBuildImage" => "Building the image",
        "CalibanExpandExperiments" => "Expanding experiments",
        "CalibanRun" => "Running jobs",
        "CalibanPush" => "Pushing the image",
        "CalibanCloud" => "Submitting to Vertex AI",
        "CalibanCluster" or "CalibanClusterSubmitFile" => "Submitting to Kubernetes",
        "CalibanStop" => "Stopping jobs",
        "CalibanResubmit" => "Resubmitting jobs",
        _ when target.StartsWith("Caliban", StringComparison.Ordinal) => target,
        _ => null,
    };
}
