using Caliban.Core.Diagnostics;

namespace Caliban.Core.Cloud;

/// <summary>
/// A GPU request in Caliban's form <c>COUNTxTYPE</c> (e.g. <c>2xV100</c>, <c>1xA100_80GB</c>), shared by CalibanCloud
/// and CalibanCluster. Whether a machine type can carry it is checked per backend.
/// </summary>
public sealed record GpuSpec(int Count, GpuType Type)
{
    public override string ToString() => $"{Count}x{Type.Name}";

    /// <summary>Parses <paramref name="text"/>; <paramref name="property"/> names the property in errors.</summary>
    public static GpuSpec Parse(string text, string property = "CalibanGpuSpec")
    {
        if (!CountSpec.TrySplit(text, out var count, out var name))
        {
            throw new CalibanException(ErrorCodes.GpuSpecInvalid,
                $"{property} is '{text}'; write COUNTxTYPE, for example 1xT4 or 2xV100. Types: {string.Join(", ", GpuType.All.Select(t => t.Name))}.");
        }
        var type = GpuType.Find(name) ?? throw new CalibanException(ErrorCodes.GpuTypeUnknown,
            $"{property} names the GPU type '{name}', which is not known; use one of {string.Join(", ", GpuType.All.Select(t => t.Name))}.");
        return new GpuSpec(count, type);
    }
}

/// <summary>A GPU model: Caliban's short name, Vertex AI's accelerator type, and GKE's node label value.</summary>
public sealed record GpuType(string Name, string VertexAcceleratorType, string GkeAcceleratorLabel)
{
    public static readonly IReadOnlyList<GpuType> All =
    [
        new("T4", "NVIDIA_TESLA_T4", "nvidia-tesla-t4"),
        new("V100", "NVIDIA_TESLA_V100", "nvidia-tesla-v100"),
        new("P100", "NVIDIA_TESLA_P100", "nvidia-tesla-p100"),
        new("P4", "NVIDIA_TESLA_P4", "nvidia-tesla-p4"),
        new("A100", "NVIDIA_TESLA_A100", "nvidia-tesla-a100"),
        new("A100_80GB", "NVIDIA_A100_80GB", "nvidia-a100-80gb"),
        new("L4", "NVIDIA_L4", "nvidia-l4"),
        new("H100", "NVIDIA_H100_80GB", "nvidia-h100-80gb"),
        new("H100_MEGA", "NVIDIA_H100_MEGA_80GB", "nvidia-h100-mega-80gb"),
        new("H200", "NVIDIA_H200_141GB", "nvidia-h200-141gb"),
        new("B200", "NVIDIA_B200", "nvidia-b200"),
    ];

    /// <summary>By short name (case-insensitive, '-' taken as '_'), or by Vertex's accelerator name.</summary>
    public static GpuType? Find(string name)
    {
        var key = name.Trim().Replace('-', '_');
        return All.FirstOrDefault(t => string.Equals(t.Name, key, StringComparison.OrdinalIgnoreCase)
                                       || string.Equals(t.VertexAcceleratorType, key, StringComparison.OrdinalIgnoreCase));
    }
}
