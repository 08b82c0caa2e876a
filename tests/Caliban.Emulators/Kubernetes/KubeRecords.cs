using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>A namespace and the jobs and pods in it, ordered by name as the server lists them.</summary>
internal sealed class NamespaceRecord(JsonObject obj)
{
    public JsonObject Object { get; } = obj;
    public string Name => Object.Obj("metadata").Str("name")!;
    public SortedDictionary<string, JobRecord> Jobs { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, PodRecord> Pods { get; } = new(StringComparer.Ordinal);
}

/// <summary>A stored Job with the bookkeeping the emulated job controller keeps beside its status.</summary>
internal sealed class JobRecord(JsonObject obj)
{
    public JsonObject Object { get; } = obj;
    public string Name => Object.Obj("metadata").Str("name")!;
    public string Namespace => Object.Obj("metadata").Str("namespace")!;
    public string Uid => Object.Obj("metadata").Str("uid")!;
    public JsonObject Spec => Object.Obj("spec")!;
    public bool Indexed => Spec.Str("completionMode") == "Indexed";

    /// <summary>Pods this job owns that have not been deleted.</summary>
    public List<PodRecord> Pods { get; } = [];
    public bool Started { get; set; }
    public bool Finished { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Succeeded { get; set; }
    public int Failed { get; set; }
    /// <summary>Container restarts of OnFailure pods; they count against backoffLimit like failed pods.</summary>
    public int Restarts { get; set; }
    public SortedSet<int> CompletedIndexes { get; } = [];
    public List<JsonObject> Conditions { get; } = [];
}

internal enum PodPhase { Pending, Running, Succeeded, Failed }

/// <summary>One line of a container's log.</summary>
internal sealed record LogLine(string Container, DateTimeOffset At, string Text);

/// <summary>A stored pod: its object, its owner (null once orphaned), its phase and its container logs.</summary>
internal sealed class PodRecord(JsonObject obj)
{
    public JsonObject Object { get; } = obj;
    public string Name => Object.Obj("metadata").Str("name")!;
    public string Namespace => Object.Obj("metadata").Str("namespace")!;
    public JobRecord? Owner { get; set; }
    public int? Index { get; init; }
    public PodPhase Phase { get; set; } = PodPhase.Pending;
    public bool Terminal => Phase is PodPhase.Succeeded or PodPhase.Failed;
    /// <summary>A container's args or command contain "--fail": the run exits 1.</summary>
    public bool WillFail { get; init; }
    public int RestartCount { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public bool Deleted { get; set; }
    public List<LogLine> Log { get; } = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the pod's next change (new log lines, phase, deletion); log followers await it.</summary>
    public Task Changed => _changed.Task;

    public void SignalChanged()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    public IEnumerable<string> ContainerNames =>
        Object.Obj("spec").Arr("containers")?.Select(c => c.Str("name") ?? "") ?? [];
}
