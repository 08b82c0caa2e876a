namespace Caliban.Core.Execution;

/// <summary>The labels a local run puts on its containers, so status, stop and clean-up can find them again.</summary>
public static class LocalRunLabels
{
    public const string RunId = "build.caliban.run-id";
    public const string JobIndex = "build.caliban.job-index";
}
