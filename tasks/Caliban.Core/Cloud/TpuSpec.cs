using Caliban.Core.Diagnostics;

namespace Caliban.Core.Cloud;

/// <summary>
/// A TPU request in Caliban's form <c>COUNTxTYPE</c> (e.g. <c>8xV3</c>, <c>4xV5E</c>). Which counts a backend offers is
/// checked where the request is turned into that backend's machine (Vertex: the catalog; GKE: its node pools).
/// </summary>
public sealed record TpuSpec(int Count, TpuType Type)
{
    public override string ToString() => $"{Count}x{Type.Name}";

    /// <summary>Parses <paramref name="text"/>; <paramref name="property"/> names the property in errors.</summary>
    public static TpuSpec Parse(string text, string property = "CalibanTpuSpec")
    {
        if (!CountSpec.TrySplit(text, out var count, out var name))
        {
            throw new CalibanException(ErrorCodes.TpuSpecInvalid,
                $"{property} is '{text}'; write COUNTxTYPE, for example 8xV3 or 4xV5E. Types: {TpuType.Names}.");
        }
        var type = TpuType.Find(name) ?? throw new CalibanException(ErrorCodes.TpuTypeUnknown,
            $"{property} names the TPU type '{name}', which is not known; use one of {TpuType.Names}.");
        return new TpuSpec(count, type);
    }
}

/// <summary>
/// A TPU generation: Caliban's short name, Vertex AI's accelerator type, and GKE's
/// <c>cloud.google.com/gke-tpu-accelerator</c> node label value (null for V2/V3, which GKE offers only as legacy
/// Cloud TPU nodes).
/// </summary>
public sealed record TpuType(string Name, string VertexAcceleratorType, string? GkeAcceleratorLabel)
{
    public static readonly IReadOnlyList<TpuType> All =
    [
        new("V2", "TPU_V2", null),
        new("V3", "TPU_V3", null),
        new("V5E", "TPU_V5_LITEPOD", "tpu-v5-lite-podslice"),
    ];

    internal static string Names => string.Join(", ", All.Select(t => t.Name));

    // Other spellings people use for v5e, so `4xV5_LITEPOD` or `4xv5litepod` work too.
    private static readonly string[] V5eAliases = ["V5LITEPOD", "V5_LITEPOD", "V5LITE", "V5_LITE", "V5_E"];

    /// <summary>By short name (case-insensitive, '-' taken as '_'), an alias, or Vertex's accelerator name.</summary>
    public static TpuType? Find(string name)
    {
        var key = name.Trim().Replace('-', '_');
        if (V5eAliases.Contains(key, StringComparer.OrdinalIgnoreCase)) key = "V5E";
        return All.FirstOrDefault(t => string.Equals(t.Name, key, StringComparison.OrdinalIgnoreCase)
                                       || string.Equals(t.VertexAcceleratorType, key, StringComparison.OrdinalIgnoreCase));
    }
}
