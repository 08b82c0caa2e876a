using System.Text.Json;

namespace Caliban.Core.Cloud;

/// <summary>
/// What Vertex AI training offers — regions, machine types, accelerator × machine type × count, accelerator × region —
/// loaded once from the embedded <c>VertexCatalog.json</c> (edit that file to update it). Best knowledge only: the
/// service's own answer is authoritative, which is why <c>CalibanSkipValidation</c> exists.
/// </summary>
public sealed class VertexCatalog
{
    private static readonly Lazy<VertexCatalog> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, VertexMachineType> _machineTypes;
    private readonly Dictionary<string, IReadOnlyList<string>> _acceleratorRegions;

    private VertexCatalog(CatalogFile file)
    {
        Regions = file.Regions;
        MinBootDiskSizeGb = file.BootDiskSizeGb.Min;
        MaxBootDiskSizeGb = file.BootDiskSizeGb.Max;
        MachineTypes = file.MachineTypes
            .SelectMany(group => group.Names.Select(name => new VertexMachineType(
                name, group.Accelerators, group.AcceleratorRequired, group.TpuTopology)))
            .ToList();
        _machineTypes = MachineTypes.ToDictionary(type => type.Name, StringComparer.Ordinal);
        _acceleratorRegions = new Dictionary<string, IReadOnlyList<string>>(file.AcceleratorRegions, StringComparer.Ordinal);
    }

    /// <summary>The catalog shipped with Caliban.Sdk.</summary>
    public static VertexCatalog Default => Embedded.Value;

    public IReadOnlyList<string> Regions { get; }
    public IReadOnlyList<VertexMachineType> MachineTypes { get; }
    public int MinBootDiskSizeGb { get; }
    public int MaxBootDiskSizeGb { get; }

    public static VertexCatalog FromJson(string json)
    {
        var file = JsonSerializer.Deserialize<CatalogFile>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        });
        return new VertexCatalog(file ?? throw new InvalidDataException("The Vertex catalog is empty."));
    }

    public VertexMachineType? FindMachineType(string name) => _machineTypes.GetValueOrDefault(name);

    /// <summary>The regions offering <paramref name="acceleratorType"/>, or null when the catalog does not know it.</summary>
    public IReadOnlyList<string>? RegionsOffering(string acceleratorType) => _acceleratorRegions.GetValueOrDefault(acceleratorType);

    /// <summary>The machine types that carry <paramref name="acceleratorType"/>, with the counts each allows.</summary>
    public IEnumerable<(VertexMachineType MachineType, IReadOnlyList<int> Counts)> MachineTypesCarrying(string acceleratorType) =>
        MachineTypes.Where(type => type.Accelerators.ContainsKey(acceleratorType))
            .Select(type => (type, type.Accelerators[acceleratorType]));

    private static VertexCatalog LoadEmbedded()
    {
        using var stream = typeof(VertexCatalog).Assembly.GetManifestResourceStream("Caliban.Core.Cloud.VertexCatalog.json")
                           ?? throw new InvalidOperationException("VertexCatalog.json is not embedded in Caliban.Core.");
        using var reader = new StreamReader(stream);
        return FromJson(reader.ReadToEnd());
    }

    private sealed record CatalogFile(
        IReadOnlyList<string> About,
        DiskRange BootDiskSizeGb,
        IReadOnlyList<string> Regions,
        IReadOnlyList<MachineGroup> MachineTypes,
        IReadOnlyDictionary<string, IReadOnlyList<string>> AcceleratorRegions);

    private sealed record DiskRange(int Min, int Max);

    private sealed record MachineGroup(
        IReadOnlyList<string> Names,
        IReadOnlyDictionary<string, IReadOnlyList<int>> Accelerators,
        bool AcceleratorRequired = false,
        string? TpuTopology = null);
}

/// <summary>
/// A machine type: the accelerators it carries (type → allowed counts), whether they come with it (A/G series, TPUs:
/// count fixed by the name), and for TPU VM types the topology the request must name.
/// </summary>
public sealed record VertexMachineType(
    string Name,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Accelerators,
    bool AcceleratorRequired,
    string? TpuTopology)
{
    /// <summary>The one accelerator and count a machine type with built-in accelerators comes with, if so.</summary>
    public (string Type, int Count)? BuiltIn =>
        AcceleratorRequired && Accelerators.Count == 1 && Accelerators.First().Value.Count == 1
            ? (Accelerators.First().Key, Accelerators.First().Value[0])
            : null;
}
