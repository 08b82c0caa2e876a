using System.Globalization;
using System.Text.Json.Nodes;

namespace Caliban.Emulators.Vertex;

/// <summary>
/// A stored custom job. Its state is worked out from the clock when asked (QUEUED, PENDING, RUNNING one StateStep each,
/// then SUCCEEDED, or FAILED when a container arg is <c>--fail</c>), so nothing runs in the background.
/// </summary>
internal sealed class EmulatedJob(long sequence, string id, string location, JsonObject spec, DateTimeOffset createdAt)
{
    /// <summary>How long CANCELLING lasts when jobs never move on by themselves (StateStep infinite).</summary>
    private static readonly TimeSpan CancelStepWhenFrozen = TimeSpan.FromMilliseconds(100);

    private readonly Lock gate = new();
    private DateTimeOffset? cancelRequestedAt;
    private string? forcedState;

    public long Sequence { get; } = sequence;
    public string Id { get; } = id;
    public string Location { get; } = location;
    public string DisplayName { get; } = spec["displayName"]!.GetValue<string>();
    public bool Fails { get; } = spec["jobSpec"]?["workerPoolSpecs"] is JsonArray pools && pools.Any(pool =>
        pool?["containerSpec"]?["args"] is JsonArray args && args.Any(arg => arg is JsonValue v && ProtoSchema.IsString(v, out var text) && text == "--fail"));

    public string? Label(string key) => spec["labels"] is JsonObject labels && labels[key] is { } value ? value.GetValue<string>() : null;

    public string NameFor(string projectNumber) => $"projects/{projectNumber}/locations/{Location}/customJobs/{Id}";

    public void ForceState(string state)
    {
        lock (gate)
            forcedState = state;
    }

    /// <summary>Asks for cancellation; false (and the state) when the job has already ended.</summary>
    public bool TryCancel(DateTimeOffset now, TimeSpan step, out string state)
    {
        lock (gate)
        {
            state = StateAt(now, step).State;
            if (IsTerminal(state))
                return false;
            cancelRequestedAt ??= now;
            return true;
        }
    }

    public static bool IsTerminal(string state) => state is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED" or "JOB_STATE_CANCELLED"
        or "JOB_STATE_EXPIRED" or "JOB_STATE_PARTIALLY_SUCCEEDED";

    public (string State, DateTimeOffset Updated, DateTimeOffset? Started, DateTimeOffset? Ended) StateAt(DateTimeOffset now, TimeSpan step)
    {
        lock (gate)
        {
            if (forcedState is not null)
                return (forcedState, now, null, null);
            if (cancelRequestedAt is { } cancelAt)
            {
                var cancelStep = step >= TimeSpan.Zero ? step : CancelStepWhenFrozen;
                var started = step >= TimeSpan.Zero && cancelAt >= createdAt + 2 * step ? createdAt + 2 * step : (DateTimeOffset?)null;
                return now - cancelAt < cancelStep
                    ? ("JOB_STATE_CANCELLING", cancelAt, started, null)
                    : ("JOB_STATE_CANCELLED", cancelAt + cancelStep, started, cancelAt + cancelStep);
            }
            return Natural(now, step);
        }
    }

    private (string, DateTimeOffset, DateTimeOffset?, DateTimeOffset?) Natural(DateTimeOffset now, TimeSpan step)
    {
        if (step < TimeSpan.Zero)
            return ("JOB_STATE_QUEUED", createdAt, null, null);
        var steps = step == TimeSpan.Zero ? 3 : (long)Math.Floor((now - createdAt) / step);
        var final = Fails ? "JOB_STATE_FAILED" : "JOB_STATE_SUCCEEDED";
        return steps switch
        {
            <= 0 => ("JOB_STATE_QUEUED", createdAt, null, null),
            1 => ("JOB_STATE_PENDING", createdAt + step, null, null),
            2 => ("JOB_STATE_RUNNING", createdAt + 2 * step, createdAt + 2 * step, null),
            _ => (final, createdAt + 3 * step, createdAt + 2 * step, createdAt + 3 * step),
        };
    }

    /// <summary>The job as the service answers it: the request's fields plus the output-only ones, int64 as strings.</summary>
    public JsonObject Render(DateTimeOffset now, TimeSpan step, string projectNumber)
    {
        var (state, updated, started, ended) = StateAt(now, step);
        var job = (JsonObject)spec.DeepClone();
        job["name"] = NameFor(projectNumber);
        job["state"] = state;
        job["createTime"] = Timestamp(createdAt);
        job["updateTime"] = Timestamp(updated);
        if (started is { } start)
            job["startTime"] = Timestamp(start);
        if (ended is { } end)
            job["endTime"] = Timestamp(end);
        if (state == "JOB_STATE_FAILED")
            job["error"] = new JsonObject { ["code"] = 3, ["message"] = "The replica workerpool0-0 exited with a non-zero status of 1. To find out more about why your job exited please check the logs." };
        if (state == "JOB_STATE_CANCELLED")
            job["error"] = new JsonObject { ["code"] = 1, ["message"] = "CANCELED" };
        foreach (var pool in (job["jobSpec"]!["workerPoolSpecs"] as JsonArray)!.OfType<JsonObject>().Where(pool => pool.Count > 0))
        {
            if (ProtoSchema.TryInteger(pool["replicaCount"]!, out var replicas))
                pool["replicaCount"] = replicas.ToString(CultureInfo.InvariantCulture);
            pool["diskSpec"] ??= new JsonObject { ["bootDiskType"] = "pd-ssd", ["bootDiskSizeGb"] = 100 };
        }
        // Fields clients may not know yet, as the real service adds them.
        job["satisfiesPzs"] = false;
        job["satisfiesPzi"] = false;
        return job;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
