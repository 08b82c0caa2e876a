using System.Text.Json.Serialization;

namespace Caliban.Core.Vertex;

// Typed REST models of Vertex AI's customJobs (google/cloud/aiplatform/v1/custom_job.proto, machine_resources.proto),
// in proto3's JSON mapping: lowerCamelCase names, enums and durations as strings, int64 accepted as string or number.
// Enum-valued fields are strings so values added by Google later never break reading (see VertexJobStates).
// Serialize and deserialize with VertexJson.Options.

/// <summary>A Vertex AI CustomJob: the request body of create, and what get/list return.</summary>
public sealed record CustomJob
{
    /// <summary>Output only: <c>projects/{project-number}/locations/{region}/customJobs/{id}</c>. Store it whole.</summary>
    public string? Name { get; init; }
    public required string DisplayName { get; init; }
    public required CustomJobSpec JobSpec { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    // Output only.
    public string? State { get; init; }
    public RpcStatus? Error { get; init; }
    public string? CreateTime { get; init; }
    public string? StartTime { get; init; }
    public string? EndTime { get; init; }
    public string? UpdateTime { get; init; }
    public IReadOnlyDictionary<string, string>? WebAccessUris { get; init; }
}

public sealed record CustomJobSpec
{
    public required IReadOnlyList<WorkerPoolSpec> WorkerPoolSpecs { get; init; }
    public Scheduling? Scheduling { get; init; }
    public string? ServiceAccount { get; init; }
    public string? Network { get; init; }
    public GcsDestination? BaseOutputDirectory { get; init; }
    public bool? EnableWebAccess { get; init; }
    public string? Tensorboard { get; init; }
}

public sealed record WorkerPoolSpec
{
    public required MachineSpec MachineSpec { get; init; }

    /// <summary>int64 in the proto: written as a string, read from a string or a number.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public long ReplicaCount { get; init; } = 1;

    public DiskSpec? DiskSpec { get; init; }
    public required ContainerSpec ContainerSpec { get; init; }
}

public sealed record MachineSpec
{
    public required string MachineType { get; init; }

    /// <summary>AcceleratorType enum name, e.g. NVIDIA_TESLA_T4; null for none.</summary>
    public string? AcceleratorType { get; init; }
    public int? AcceleratorCount { get; init; }

    /// <summary>For TPU VMs, e.g. "2x2".</summary>
    public string? TpuTopology { get; init; }
}

public sealed record DiskSpec
{
    /// <summary>pd-ssd (default) or pd-standard.</summary>
    public string? BootDiskType { get; init; }
    public int? BootDiskSizeGb { get; init; }
}

public sealed record ContainerSpec
{
    public required string ImageUri { get; init; }
    public IReadOnlyList<string>? Command { get; init; }
    public IReadOnlyList<string>? Args { get; init; }
    public IReadOnlyList<EnvVar>? Env { get; init; }
}

public sealed record EnvVar(string Name, string Value);

public sealed record Scheduling
{
    /// <summary>A proto Duration, e.g. "86400s".</summary>
    public string? Timeout { get; init; }
    public bool? RestartJobOnWorkerRestart { get; init; }
    public bool? DisableRetries { get; init; }

    /// <summary>STRATEGY_UNSPECIFIED, ON_DEMAND, LOW_COST, STANDARD, SPOT or FLEX_START.</summary>
    public string? Strategy { get; init; }
    public string? MaxWaitDuration { get; init; }
}

public sealed record GcsDestination(string OutputUriPrefix);

/// <summary>google.rpc.Status, as in a job's <c>error</c> and in error responses.</summary>
public sealed record RpcStatus
{
    public int Code { get; init; }
    public string? Message { get; init; }
    public string? Status { get; init; }
}

public sealed record ListCustomJobsResponse
{
    public IReadOnlyList<CustomJob>? CustomJobs { get; init; }
    public string? NextPageToken { get; init; }
}

/// <summary>The body of a Google API error answer: <c>{"error": {code, message, status, details}}</c>.</summary>
public sealed record GoogleErrorResponse(RpcStatus? Error);

/// <summary>JobState enum names (job_state.proto). Unknown names are kept as they come.</summary>
public static class VertexJobStates
{
    public const string Unspecified = "JOB_STATE_UNSPECIFIED";
    public const string Queued = "JOB_STATE_QUEUED";
    public const string Pending = "JOB_STATE_PENDING";
    public const string Running = "JOB_STATE_RUNNING";
    public const string Succeeded = "JOB_STATE_SUCCEEDED";
    public const string Failed = "JOB_STATE_FAILED";
    public const string Cancelling = "JOB_STATE_CANCELLING";
    public const string Cancelled = "JOB_STATE_CANCELLED";
    public const string Paused = "JOB_STATE_PAUSED";
    public const string Expired = "JOB_STATE_EXPIRED";
    public const string Updating = "JOB_STATE_UPDATING";
    public const string PartiallySucceeded = "JOB_STATE_PARTIALLY_SUCCEEDED";
}
