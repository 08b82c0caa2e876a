using System.Globalization;
using Caliban.Core.Diagnostics;
using Caliban.Core.Execution;
using Caliban.Core.Runs;
using Microsoft.Build.Framework;

namespace Caliban.Build.Tasks;

/// <summary>Reads the run properties and items the run tasks share into Caliban.Core's types, with coded errors.</summary>
internal static class RunSettings
{
    public static string User => Environment.UserName;

    /// <summary>CalibanExperimentGroup, or Caliban's default `{user}-xgroup-{yyyy-mm-dd-HH-MM-SS}`.</summary>
    public static string GroupOrDefault(string? group) => string.IsNullOrWhiteSpace(group)
        ? $"{User}-xgroup-{DateTime.Now.ToString("yyyy-MM-dd-HH-mm-ss", CultureInfo.InvariantCulture)}"
        : group.Trim();

    public static GpuMode Gpu(string? useGpu) => useGpu?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => GpuMode.Auto,
        "true" => GpuMode.Required,
        "false" => GpuMode.Off,
        _ => throw new CalibanException(ErrorCodes.InvalidPropertyValue,
            $"CalibanUseGpu is '{useGpu}'. Set it to true, false, or leave it empty to let Caliban decide."),
    };

    public static int PositiveNumber(string? value, string property, int fallback)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0) return number;
        throw new CalibanException(ErrorCodes.InvalidPropertyValue, $"{property} is '{value}'; it must be a whole number of 1 or more.");
    }

    /// <summary>A non-negative whole number, or null when the property is empty; <paramref name="meaning"/> ends the error.</summary>
    public static int? OptionalWholeNumber(string? value, string property, string meaning)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        throw new CalibanException(ErrorCodes.InvalidPropertyValue, $"{property} is '{value}'; it must be a whole number {meaning}.");
    }

    public static RunOptions Options(string projectDirectory, string? maxParallel, string? useGpu, ITaskItem[] environment, ITaskItem[] mounts)
    {
        var variables = environment.ToDictionary(item => item.ItemSpec, item => item.GetMetadata("Value"), StringComparer.Ordinal);
        var binds = mounts.Select(item => Mount(projectDirectory, item)).ToList();
        // Application Default Credentials are mounted read-only at run time, never copied into an image.
        var credentials = LocalCredentials.Find();
        binds.AddRange(credentials.Mounts);
        foreach (var (name, value) in credentials.Environment) variables.TryAdd(name, value);
        return new RunOptions
        {
            MaxParallel = PositiveNumber(maxParallel, "CalibanMaxParallel", 1),
            Gpu = Gpu(useGpu),
            Environment = variables,
            Mounts = binds,
        };
    }

    // CalibanMount: Include = the host path (relative to the project), ContainerPath = the path in the container, ReadOnly = true/false.
    // (MSBuild reserves `Target` as an attribute name, hence ContainerPath.)
    private static BindMount Mount(string projectDirectory, ITaskItem item)
    {
        var target = item.GetMetadata("ContainerPath");
        if (!target.StartsWith('/'))
            throw new CalibanException(ErrorCodes.MountInvalid,
                $"CalibanMount '{item.ItemSpec}' needs ContainerPath metadata with an absolute path in the container, e.g. <CalibanMount Include=\"data\" ContainerPath=\"/data\" ReadOnly=\"true\" />.");
        var source = Path.GetFullPath(Path.Combine(projectDirectory, item.ItemSpec));
        if (!Path.Exists(source))
            throw new CalibanException(ErrorCodes.MountInvalid, $"CalibanMount '{item.ItemSpec}' names {source}, which does not exist. Create it or fix the path.");
        return new BindMount(source, target, string.Equals(item.GetMetadata("ReadOnly"), "true", StringComparison.OrdinalIgnoreCase));
    }
}
