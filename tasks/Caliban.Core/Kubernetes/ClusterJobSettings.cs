using Caliban.Core.Cloud;
using k8s.Models;

namespace Caliban.Core.Kubernetes;

/// <summary>What every Job of a CalibanCluster submission shares: image, resources, scheduling, identity and labels.</summary>
public sealed record ClusterJobSettings
{
    /// <summary>Caliban's accelerated-job requests, used for every job: its CPU-only defaults (31000m, 25000M) fit only 32-core nodes.</summary>
    public const string DefaultCpu = "1500m";
    public const string DefaultMemory = "7000M";
    public const string ContainerName = "job";

    /// <summary>The image by digest (repository@sha256:…), as CalibanPush made it.</summary>
    public required string Image { get; init; }

    /// <summary>CalibanJobName, else `caliban-USER`: the start of every Job's name.</summary>
    public required string BaseName { get; init; }

    public required string Group { get; init; }
    public required string User { get; init; }

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string Cpu { get; init; } = DefaultCpu;
    public string Memory { get; init; } = DefaultMemory;
    public GpuSpec? Gpu { get; init; }

    /// <summary>CalibanSpot: schedule on GKE spot nodes (selector and toleration `cloud.google.com/gke-spot`).</summary>
    public bool Spot { get; init; }

    public IReadOnlyList<V1Toleration> Tolerations { get; init; } = [];

    /// <summary>Retries of a failed pod; 0 (the default) because a failed experiment rarely succeeds unchanged.</summary>
    public int BackoffLimit { get; init; }

    /// <summary>CalibanJobTtlSeconds: how long a finished Job (and its pods' logs) stays; null keeps it until stopped.</summary>
    public int? TtlSecondsAfterFinished { get; init; }

    public IReadOnlyList<string> ImagePullSecrets { get; init; } = [];
    public string? ServiceAccount { get; init; }

    /// <summary>CalibanLabel items, already checked against Kubernetes' label rules.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The image's ENTRYPOINT; an Indexed Job runs it through a small shell wrapper that picks the index's arguments.</summary>
    public IReadOnlyList<string> EntryPoint { get; init; } = [];

    /// <summary>CalibanClusterParallelism: an Indexed Job's pods at a time; null runs every index at once.</summary>
    public int? Parallelism { get; init; }
}
