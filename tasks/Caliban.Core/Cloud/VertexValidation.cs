using Caliban.Core.Diagnostics;

namespace Caliban.Core.Cloud;

/// <summary>
/// Client-side checks of <see cref="VertexJobSettings"/> against the <see cref="VertexCatalog"/> before anything is
/// sent: region, machine type, accelerator × machine type × count, accelerator × region, boot disk size. Each failure
/// is a CAL41xx listing the valid choices. Skipped when CalibanSkipValidation=true (the catalog can lag behind Google).
/// As in Caliban, the default 1xP100 is not checked against the region.
/// </summary>
public static class VertexValidation
{
    private const string SkipHint = "If Vertex AI offers it now, set CalibanSkipValidation=true to submit anyway.";

    public static void Validate(VertexJobSettings settings, VertexCatalog? catalog = null)
    {
        if (settings.SkipValidation) return;
        catalog ??= VertexCatalog.Default;
        var region = settings.Region.Value;
        if (!catalog.Regions.Contains(region))
        {
            throw new CalibanException(ErrorCodes.RegionUnknown,
                $"The region '{region}' (from {settings.Region.Source}) does not offer Vertex AI training. Known regions: " +
                $"{string.Join(", ", catalog.Regions.Order(StringComparer.Ordinal))}. {SkipHint}");
        }

        var machine = settings.Machine;
        var machineType = catalog.FindMachineType(machine.MachineType) ?? throw new CalibanException(ErrorCodes.MachineTypeUnknown,
            $"CalibanMachineType '{machine.MachineType}' is not a Vertex AI training machine type. Known: " +
            $"{string.Join(", ", catalog.MachineTypes.Select(m => m.Name))}. {SkipHint}");

        var accelerator = AcceleratorOf(settings);
        if (accelerator is null)
        {
            if (machineType.AcceleratorRequired)
            {
                var carried = string.Join(" or ", machineType.Accelerators.Select(a => $"{Counts(a.Value)} {Describe(a.Key)}"));
                throw new CalibanException(ErrorCodes.MachineTypeNeedsAccelerator,
                    $"CalibanMachineType '{machineType.Name}' comes with {carried}, but the job asks for none (CPU mode). " +
                    "Set CalibanGpuSpec or CalibanTpuSpec to match it, or choose a CPU machine type such as n1-highcpu-32.");
            }
        }
        else
        {
            CheckMachineCarries(catalog, machineType, accelerator.Value.Type, accelerator.Value.Count, settings);
            if (!settings.GpuIsCalibanDefault) CheckRegionOffers(catalog, region, accelerator.Value.Type);
        }

        if (settings.DiskSizeGb is { } size && (size < catalog.MinBootDiskSizeGb || size > catalog.MaxBootDiskSizeGb))
        {
            throw new CalibanException(ErrorCodes.DiskSizeOutOfRange,
                $"CalibanDiskSizeGb is {size}; Vertex AI boot disks are {catalog.MinBootDiskSizeGb} to {catalog.MaxBootDiskSizeGb} GB.");
        }
    }

    /// <summary>The accelerator the request names, by Vertex's type name; TPU VM types name theirs by machine type.</summary>
    private static (string Type, int Count)? AcceleratorOf(VertexJobSettings settings) =>
        settings.Tpu is { } tpu ? (tpu.Type.VertexAcceleratorType, tpu.Count)
        : settings.Machine.AcceleratorType is { } type ? (type, settings.Machine.AcceleratorCount ?? 1)
        : null;

    private static void CheckMachineCarries(VertexCatalog catalog, VertexMachineType machineType, string accelerator, int count, VertexJobSettings settings)
    {
        if (machineType.Accelerators.TryGetValue(accelerator, out var counts) && counts.Contains(count)) return;

        var asked = $"{count} {Describe(accelerator)}";
        if (settings.GpuIsCalibanDefault) asked += " (Caliban's default when CalibanGpuSpec is empty)";
        var here = machineType.Accelerators.Count == 0
            ? $"'{machineType.Name}' carries no accelerators"
            : $"'{machineType.Name}' carries {string.Join("; ", machineType.Accelerators.Select(a => $"{Counts(a.Value)} {Describe(a.Key)}"))}";
        var carriers = catalog.MachineTypesCarrying(accelerator).ToList();
        var elsewhere = carriers.Count == 0
            ? $"No known machine type carries {Describe(accelerator)}."
            : $"{Describe(accelerator)} runs on: {string.Join("; ", carriers.Select(c => $"{c.MachineType.Name} ({Counts(c.Counts)})"))}.";
        throw new CalibanException(ErrorCodes.AcceleratorNotOnMachineType,
            $"CalibanMachineType '{machineType.Name}' cannot carry {asked}: {here}. {elsewhere} " +
            $"Change CalibanMachineType or {(settings.Tpu is null ? "CalibanGpuSpec" : "CalibanTpuSpec")}. {SkipHint}");
    }

    private static void CheckRegionOffers(VertexCatalog catalog, string region, string accelerator)
    {
        var regions = catalog.RegionsOffering(accelerator);
        if (regions is null || regions.Contains(region)) return;
        var offeredHere = catalog.MachineTypes.SelectMany(m => m.Accelerators.Keys).Distinct()
            .Where(type => catalog.RegionsOffering(type)?.Contains(region) == true)
            .Select(Describe).Order(StringComparer.Ordinal).ToList();
        throw new CalibanException(ErrorCodes.AcceleratorNotInRegion,
            $"{Describe(accelerator)} is not offered for training in {region}; it is in {string.Join(", ", regions)}. " +
            $"{region} offers {(offeredHere.Count == 0 ? "no accelerators" : string.Join(", ", offeredHere))}. " +
            $"Change CalibanCloudRegion or the accelerator. {SkipHint}");
    }

    /// <summary>Caliban's short name for a Vertex accelerator type (NVIDIA_TESLA_T4 → T4), else the type itself.</summary>
    private static string Describe(string acceleratorType)
    {
        if (GpuType.Find(acceleratorType) is { } gpu) return gpu.Name;
        return TpuType.Find(acceleratorType) is { } tpu ? $"TPU {tpu.Name}" : acceleratorType;
    }

    /// <summary>"1, 2 or 4".</summary>
    private static string Counts(IReadOnlyList<int> counts) =>
        counts.Count == 1 ? counts[0].ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{string.Join(", ", counts.Take(counts.Count - 1))} or {counts[^1]}";
}
