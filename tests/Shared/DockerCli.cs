namespace Caliban.Tests.Shared;

/// <summary>The docker CLI, for the tests' own checks and clean-up (the product speaks the Engine API itself).</summary>
public static class DockerCli
{
    public static ProcessResult Run(params string[] arguments) =>
        ProcessRunner.Run("docker", arguments, Path.GetTempPath(), timeout: TimeSpan.FromMinutes(3));

    /// <summary>The image's id, or null when the engine has no such image.</summary>
    public static string? ImageId(string reference)
    {
        var result = Run("image", "inspect", reference, "--format", "{{.Id}}");
        return result.ExitCode == 0 ? result.Output.Trim() : null;
    }

    public static string Label(string reference, string label)
    {
        var result = Run("image", "inspect", reference, "--format", $"{{{{index .Config.Labels \"{label}\"}}}}");
        return result.ExitCode == 0 ? result.Output.Trim() : throw new InvalidOperationException(result.ToString());
    }

    /// <summary>Removes every tag of a repository (test clean-up; errors ignored).</summary>
    public static void RemoveRepository(string repository)
    {
        var list = Run("image", "ls", repository, "--format", "{{.Repository}}:{{.Tag}}");
        var tags = list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(tag => tag.StartsWith(repository + ":", StringComparison.Ordinal)).ToArray();
        if (tags.Length > 0) Run(["image", "rm", "--force", .. tags]);
    }
}
