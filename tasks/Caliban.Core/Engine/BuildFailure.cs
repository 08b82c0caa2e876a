using System.Text;
using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Engine;

/// <summary>
/// Turns an error reported in the build stream into the user-facing error for its cause: an unavailable base image
/// (CAL2002), a failed Python dependency install (CAL2003) or any other failed step (CAL2001).
/// </summary>
internal static partial class BuildFailure
{
    // Engine messages seen when the base image cannot be fetched or resolved.
    private static readonly string[] PullFailureMarkers =
    [
        "pull access denied", "manifest unknown", "manifest for", "no such host", "dial tcp", "repository does not exist",
        "i/o timeout", "no basic auth credentials", "unauthorized", "toomanyrequests", "server misbehaving",
        "invalid reference format", "no such image",
    ];

    public static CalibanException Describe(BuildProgressMonitor progress, ImageBuildRequest request)
    {
        var error = progress.Error ?? "unknown error";
        var instruction = progress.Instruction ?? "";
        var isFrom = Keyword(instruction) == "FROM";
        if (isFrom || (progress.Step <= 1 && PullFailureMarkers.Any(m => error.Contains(m, StringComparison.OrdinalIgnoreCase))))
        {
            return BaseImageUnavailable(progress, request, isFrom ? BaseImageOf(instruction) : null, error);
        }

        if (DependencySourceOf(instruction, progress.Instructions) is { } dependencies)
        {
            return DependencyInstallFailed(progress, dependencies, error);
        }

        var where = progress.Step == 0 ? "before its first step" : $"at step {StepName(progress)}";
        return new CalibanException(ErrorCodes.ImageBuildStepFailed,
            $"The image build of {request.DockerfileForMessages} failed {where}: {error}{OutputSection(progress)}" +
            $"{Environment.NewLine}Fix that step in {request.DockerfileForMessages} (or the Caliban setting that generated it), then build again.",
            request.DockerfileDisplayPath);
    }

    private static CalibanException BaseImageUnavailable(BuildProgressMonitor progress, ImageBuildRequest request, string? image, string error)
    {
        var subject = image is null ? "The base image" : $"The base image '{image}'";
        return new CalibanException(ErrorCodes.BaseImageUnavailable,
            $"{subject} of {request.DockerfileForMessages} is not available: {error}{OutputSection(progress)}" +
            $"{Environment.NewLine}Set CalibanBaseImage (or base_image in .calibanconfig.json) to an image present locally (see `docker images`), " +
            "run `docker login` if the registry needs credentials, or check the image name.",
            request.DockerfileDisplayPath);
    }

    private static CalibanException DependencyInstallFailed(BuildProgressMonitor progress, DependencySource dependencies, string error)
    {
        // Debian-based Pythons (PEP 668) refuse every system-wide pip install, whatever the file says.
        var fix = progress.StepTail.Any(line => line.Contains("externally-managed-environment", StringComparison.Ordinal))
            ? "The base image's Python forbids system-wide pip installs (PEP 668): use a base image whose PATH starts with a virtual environment, or set ENV PIP_BREAK_SYSTEM_PACKAGES=1 in it."
            : $"Fix {dependencies.Description} (a misspelt package, a version that does not exist, or a package index the build cannot reach), then build again.";
        return new CalibanException(ErrorCodes.DependencyInstallFailed,
            $"Installing the Python dependencies from {dependencies.Description} failed at image build step {StepName(progress)}: {error}{OutputSection(progress)}" +
            $"{Environment.NewLine}{fix}",
            dependencies.File);
    }

    private static string StepName(BuildProgressMonitor progress) => $"{progress.Step}/{progress.TotalSteps} `{progress.Instruction}`";

    private static string OutputSection(BuildProgressMonitor progress)
    {
        if (progress.StepTail.Count == 0)
        {
            return "";
        }

        var text = new StringBuilder().AppendLine().Append("Last output:");
        foreach (var line in progress.StepTail)
        {
            text.AppendLine().Append("    ").Append(line);
        }

        return text.ToString();
    }

    private static string Keyword(string instruction)
    {
        var end = instruction.IndexOfAny([' ', '\t']);
        return (end < 0 ? instruction : instruction[..end]).ToUpperInvariant();
    }

    /// <summary>The image reference of "FROM [--platform=…] image [AS name]".</summary>
    private static string? BaseImageOf(string fromInstruction) =>
        fromInstruction.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault(token => !token.StartsWith("--", StringComparison.Ordinal));

    /// <summary>Which dependency file a RUN step installs from, or null when it installs none.</summary>
    internal static DependencySource? DependencySourceOf(string instruction, IReadOnlyList<string> earlierInstructions)
    {
        if (Keyword(instruction) != "RUN")
        {
            return null;
        }

        var conda = CondaEnvUpdate().Match(instruction);
        if (conda.Success)
        {
            var file = conda.Groups["file"].Success ? Unquote(conda.Groups["file"].Value) : "environment.yml";
            return new DependencySource(file, file);
        }

        var pip = PipInstall().Match(instruction);
        if (!pip.Success)
        {
            return null;
        }

        var arguments = pip.Groups["arguments"].Value;
        if (RequirementsOption().Match(arguments) is { Success: true } requirements)
        {
            var file = Unquote(requirements.Groups["file"].Value);
            return new DependencySource(file, file);
        }

        if (LocalProject().IsMatch(arguments))
        {
            var file = ProjectFileCopiedBefore(earlierInstructions);
            return new DependencySource(file ?? "setup.py / pyproject.toml", file);
        }

        var packages = string.Join(' ', arguments.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Where(a => !a.StartsWith('-')).Select(Unquote));
        return new DependencySource(packages.Length > 0 ? $"the package list '{packages}'" : "the pip command", null);
    }

    // The project file the Dockerfile copied in just before installing ".": pyproject.toml wins, as it does for pip.
    private static string? ProjectFileCopiedBefore(IReadOnlyList<string> instructions)
    {
        foreach (var instruction in instructions.Reverse())
        {
            if (Keyword(instruction) is not ("COPY" or "ADD"))
            {
                continue;
            }

            if (instruction.Contains("pyproject.toml", StringComparison.Ordinal))
            {
                return "pyproject.toml";
            }

            if (instruction.Contains("setup.py", StringComparison.Ordinal))
            {
                return "setup.py";
            }
        }

        return null;
    }

    private static string Unquote(string value) => value.Trim('\'', '"');

    [GeneratedRegex(@"\bconda\s+env\s+(?:update|create)\b(?:.*?\s(?:--file|-f)[=\s]+(?<file>\S+))?")]
    private static partial Regex CondaEnvUpdate();

    [GeneratedRegex(@"\bpip3?(?:\.\d+)?\s+install\s+(?<arguments>[^&|;]*)")]
    private static partial Regex PipInstall();

    [GeneratedRegex(@"(?:^|\s)(?:-r|--requirement)[=\s]*(?<file>\S+)")]
    private static partial Regex RequirementsOption();

    // ".", "-e .", ".[gpu,extra]" (quoted or not): the project in the working directory.
    [GeneratedRegex(@"(?:^|\s)['""]?\.(?:\[[^\]]*\])?['""]?(?:\s|$)")]
    private static partial Regex LocalProject();
}

/// <summary>What a dependency step installs from, for messages; <see cref="File"/> is set when it is a file.</summary>
internal sealed record DependencySource(string Description, string? File);
