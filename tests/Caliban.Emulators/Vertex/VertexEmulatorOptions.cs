namespace Caliban.Emulators.Vertex;

/// <summary>Start-up settings of <see cref="VertexEmulator"/>; Latency, FailureRate and StateStep can be changed later on the emulator.</summary>
public sealed record VertexEmulatorOptions
{
    /// <summary>The project id requests may name; names the emulator returns use <see cref="ProjectNumber"/> instead.</summary>
    public string ProjectId { get; init; } = "caliban-test";
    public string ProjectNumber { get; init; } = "123456789012";

    /// <summary>The bearer token requests must carry; a random one when null.</summary>
    public string? Token { get; init; }

    /// <summary>Added to every request before it is answered.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>0..1: the share of requests answered 429, 503 or with a dropped connection, chosen at random.</summary>
    public double FailureRate { get; init; }

    /// <summary>Seeds the random choice of faults, so a run can be repeated.</summary>
    public int Seed { get; init; } = 4242;

    /// <summary>Time spent in each of QUEUED, PENDING and RUNNING; <see cref="Timeout.InfiniteTimeSpan"/> keeps jobs QUEUED.</summary>
    public TimeSpan StateStep { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The locations (regions) the emulator serves; others are refused as the service refuses them.</summary>
    public IReadOnlyList<string> Regions { get; init; } =
    [
        "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
        "northamerica-northeast1", "northamerica-northeast2", "southamerica-east1", "southamerica-west1",
        "europe-central2", "europe-north1", "europe-southwest1", "europe-west1", "europe-west2", "europe-west3",
        "europe-west4", "europe-west6", "europe-west8", "europe-west9", "asia-east1", "asia-east2", "asia-northeast1",
        "asia-northeast2", "asia-northeast3", "asia-south1", "asia-southeast1", "asia-southeast2", "australia-southeast1",
        "australia-southeast2", "me-central1", "me-central2", "me-west1", "africa-south1",
    ];
}
