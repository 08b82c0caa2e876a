namespace Caliban.Core.Runs;

/// <summary>Labels on every container Caliban starts, so status, stop and clean-up can find them again.</summary>
public static class RunLabels
{
    public const string Group = "build.caliban.group";
    public const string User = "build.caliban.user";
    public const string Experiment = "build.caliban.experiment";
    public const string Job = "build.caliban.job";
}
