namespace Caliban.Core.Interactive;

/// <summary>The labels shell and notebook containers carry, so they can be found (and cleaned up) again.</summary>
public static class InteractiveLabels
{
    /// <summary>"shell" or "notebook".</summary>
    public const string Kind = "build.caliban.interactive";

    /// <summary>The host directory mounted at /usr/app.</summary>
    public const string ProjectDirectory = "build.caliban.project-directory";
}
