using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;
using Caliban.Core.Vertex;

namespace Caliban.Core.Cloud;

/// <summary>The checks and defaults behind <see cref="VertexJobSettings.Parse"/>, one property at a time.</summary>
internal static partial class VertexJobSettingsParser
{
    private static readonly string[] Strategies = ["ON_DEMAND", "SPOT", "STANDARD", "LOW_COST", "FLEX_START"];
    private static readonly string[] DiskTypes = ["pd-ssd", "pd-standard"];
    public const int MaxDisplayNameLength = 128;

    public static VertexJobSettings Parse(VertexJobSettingsInput raw, GoogleCloudDefaults cloudDefaults, VertexCatalog catalog)
    {
        var project = cloudDefaults.ResolveProject(raw.Project);
        var region = cloudDefaults.ResolveRegion(raw.Region);
        var useGpu = OptionalBoolean(raw.UseGpu, "CalibanUseGpu", allowAuto: true);
        var gpu = Blank(raw.GpuSpec) ? null : GpuSpec.Parse(raw.GpuSpec!);
        var tpu = Blank(raw.TpuSpec) ? null : TpuSpec.Parse(raw.TpuSpec!);
        if (gpu is not null && tpu is not null)
            throw new CalibanException(ErrorCodes.GpuAndTpuSpec,
                $"CalibanGpuSpec ({raw.GpuSpec}) and CalibanTpuSpec ({raw.TpuSpec}) are both set; a job gets GPUs or TPUs, not both. Clear one of them.");
        if (gpu is not null && useGpu == false)
            throw new CalibanException(ErrorCodes.GpuSpecWithoutGpu,
                $"CalibanUseGpu is false (Caliban's --nogpu) but CalibanGpuSpec is '{raw.GpuSpec}'; these conflict. Clear CalibanGpuSpec for a CPU job, or drop CalibanUseGpu=false.");

        var machineType = Blank(raw.MachineType) ? null : MachineType(raw.MachineType!);
        var gpuIsDefault = false;
        MachineSpec machine;
        if (tpu is not null)
        {
            machine = TpuMachine(tpu, catalog);
            if (machineType is not null && machineType != machine.MachineType)
                throw new CalibanException(ErrorCodes.MachineTypeConflictsWithTpu,
                    $"CalibanMachineType is '{machineType}' but CalibanTpuSpec {tpu} runs on '{machine.MachineType}'. Leave CalibanMachineType empty with a TPU (or set it to {machine.MachineType}).");
        }
        else if (useGpu != false)
        {
            machineType ??= VertexJobSettings.DefaultGpuMachineType;
            if (gpu is null) (gpu, gpuIsDefault) = DefaultGpu(machineType, catalog);
            machine = gpu is null
                ? new MachineSpec { MachineType = machineType }
                : new MachineSpec { MachineType = machineType, AcceleratorType = gpu.Type.VertexAcceleratorType, AcceleratorCount = gpu.Count };
        }
        else
        {
            machine = new MachineSpec { MachineType = machineType ?? VertexJobSettings.DefaultCpuMachineType };
        }

        return new VertexJobSettings
        {
            Project = project,
            Region = region,
            Machine = machine,
            Gpu = gpu,
            GpuIsCalibanDefault = gpuIsDefault,
            Tpu = tpu,
            DiskType = Blank(raw.DiskType) ? null : DiskType(raw.DiskType!),
            DiskSizeGb = Blank(raw.DiskSizeGb) ? null : DiskSize(raw.DiskSizeGb!),
            Timeout = Blank(raw.Timeout) ? null : ProtoDuration.Parse(raw.Timeout!, "CalibanTimeout"),
            SchedulingStrategy = Blank(raw.SchedulingStrategy) ? null : Strategy(raw.SchedulingStrategy!),
            RestartJobOnWorkerRestart = OptionalBoolean(raw.RestartOnWorkerRestart, "CalibanRestartOnWorkerRestart", allowAuto: false),
            ServiceAccount = Blank(raw.ServiceAccount) ? null : ServiceAccount(raw.ServiceAccount!),
            Network = Blank(raw.Network) ? null : Network(raw.Network!),
            OutputDirectory = Blank(raw.OutputDirectory) ? null : OutputDirectory(raw.OutputDirectory!),
            JobName = JobName(raw.JobName, raw.User ?? System.Environment.UserName),
            SkipValidation = OptionalBoolean(raw.SkipValidation, "CalibanSkipValidation", allowAuto: false) ?? false,
            Labels = CloudJobLabels.UserLabels(raw.Labels),
            Environment = Environment(raw.Environment),
        };
    }

    /// <summary>
    /// GPU mode without CalibanGpuSpec: the GPUs a machine type comes with (a2-highgpu-1g → 1xA100); none on a machine
    /// type the catalog knows to carry no accelerator (e2-standard-4); otherwise Caliban's default 1xP100.
    /// </summary>
    private static (GpuSpec?, bool IsCalibanDefault) DefaultGpu(string machineType, VertexCatalog catalog)
    {
        var known = catalog.FindMachineType(machineType);
        if (known?.BuiltIn is { } fixedGpu && GpuType.Find(fixedGpu.Type) is { } builtIn) return (new GpuSpec(fixedGpu.Count, builtIn), false);
        if (known is { Accelerators.Count: 0 }) return (null, false);
        return (new GpuSpec(1, GpuType.Find("P100")!), true);
    }

    /// <summary>V2/V3: cloud-tpu with the accelerator and count. TPU VM types (v5e): the catalog's machine type for that count.</summary>
    private static MachineSpec TpuMachine(TpuSpec tpu, VertexCatalog catalog)
    {
        var tpuVms = catalog.MachineTypesCarrying(tpu.Type.VertexAcceleratorType).Where(m => m.MachineType.TpuTopology is not null).ToList();
        if (tpuVms.Count == 0)
            return new MachineSpec { MachineType = "cloud-tpu", AcceleratorType = tpu.Type.VertexAcceleratorType, AcceleratorCount = tpu.Count };
        var match = tpuVms.FirstOrDefault(m => m.Counts.Contains(tpu.Count));
        if (match.MachineType is null)
            throw new CalibanException(ErrorCodes.TpuCountNotOffered,
                $"CalibanTpuSpec is {tpu}; Vertex AI offers {tpu.Type.Name} TPUs as {string.Join(", ", tpuVms.SelectMany(m => m.Counts).Order().Select(c => $"{c}x{tpu.Type.Name}"))}.");
        return new MachineSpec { MachineType = match.MachineType.Name, TpuTopology = match.MachineType.TpuTopology };
    }

    private static string MachineType(string text)
    {
        var name = text.Trim().ToLowerInvariant();
        if (name == "cloud_tpu") name = "cloud-tpu"; // Caliban's spelling
        if (MachineTypePattern().IsMatch(name)) return name;
        throw new CalibanException(ErrorCodes.MachineTypeInvalid,
            $"CalibanMachineType is '{text}', which is not a machine type name; write one like n1-standard-8, a2-highgpu-1g or g2-standard-8.");
    }

    private static string DiskType(string text)
    {
        var type = text.Trim().ToLowerInvariant();
        return DiskTypes.Contains(type) ? type : throw new CalibanException(ErrorCodes.DiskTypeInvalid,
            $"CalibanDiskType is '{text}'; use pd-ssd (Vertex AI's default) or pd-standard.");
    }

    private static int DiskSize(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0
            ? size
            : throw new CalibanException(ErrorCodes.DiskSizeInvalid,
                $"CalibanDiskSizeGb is '{text}'; write the boot disk size as a whole number of gigabytes, e.g. 200 (Vertex AI's default is 100).");

    private static string Strategy(string text)
    {
        var strategy = text.Trim().ToUpperInvariant().Replace('-', '_');
        return Strategies.Contains(strategy) ? strategy : throw new CalibanException(ErrorCodes.SchedulingStrategyInvalid,
            $"CalibanSchedulingStrategy is '{text}'; use one of {string.Join(", ", Strategies)} (any case).");
    }

    private static string ServiceAccount(string text) =>
        EmailPattern().IsMatch(text.Trim()) ? text.Trim() : throw new CalibanException(ErrorCodes.ServiceAccountInvalid,
            $"CalibanServiceAccount is '{text}'; write the service account's email, e.g. trainer@my-project.iam.gserviceaccount.com.");

    private static string Network(string text) =>
        NetworkPattern().IsMatch(text.Trim()) ? text.Trim() : throw new CalibanException(ErrorCodes.NetworkInvalid,
            $"CalibanNetwork is '{text}'; write projects/PROJECT_NUMBER/global/networks/NETWORK (the project's number, not its id), " +
            "e.g. projects/123456789012/global/networks/default.");

    private static string OutputDirectory(string text) =>
        GcsPattern().IsMatch(text.Trim()) ? text.Trim() : throw new CalibanException(ErrorCodes.OutputDirectoryInvalid,
            $"CalibanOutputDirectory is '{text}'; write a Cloud Storage location such as gs://my-bucket/runs (lower-case bucket name).");

    /// <summary>CalibanJobName or <c>caliban-{user}</c>, without control characters, cut to 128 characters.</summary>
    private static string JobName(string? text, string user)
    {
        var name = Blank(text) ? $"caliban-{user}" : text!;
        var builder = new StringBuilder();
        foreach (var rune in name.Trim().EnumerateRunes())
        {
            if (!Rune.IsControl(rune)) builder.Append(rune.ToString());
        }
        var cleaned = builder.ToString().Trim();
        if (cleaned.Length == 0) cleaned = $"caliban-{user}";
        return Truncate(cleaned, MaxDisplayNameLength);
    }

    /// <summary>At most <paramref name="max"/> UTF-16 units without splitting a surrogate pair.</summary>
    internal static string Truncate(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..cut];
    }

    private static SortedDictionary<string, string> Environment(IReadOnlyList<KeyValuePair<string, string>> items)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in items)
        {
            if (!EnvNamePattern().IsMatch(name))
                throw new CalibanException(ErrorCodes.EnvironmentVariableInvalid,
                    $"CalibanEnv '{name}' is not a valid environment variable name for Vertex AI: use letters, digits and '_', not starting with a digit.");
            variables[name] = value;
        }
        return variables;
    }

    /// <summary>true/false (any case); null when blank (or <c>auto</c> where allowed); CAL1008 otherwise.</summary>
    private static bool? OptionalBoolean(string? text, string property, bool allowAuto)
    {
        var value = text?.Trim().ToLowerInvariant();
        return value switch
        {
            null or "" => null,
            "auto" when allowAuto => null,
            "true" => true,
            "false" => false,
            _ => throw new CalibanException(ErrorCodes.InvalidPropertyValue,
                $"{property} is '{text}'; set it to true or false{(allowAuto ? ", or leave it empty" : " (or leave it empty)")}."),
        };
    }

    private static bool Blank(string? text) => string.IsNullOrWhiteSpace(text);

    [GeneratedRegex("^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")]
    private static partial Regex MachineTypePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^projects/[0-9]+/global/networks/[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NetworkPattern();

    [GeneratedRegex("^gs://[a-z0-9][a-z0-9._-]{1,220}[a-z0-9](?:/.*)?$")]
    private static partial Regex GcsPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();
}
