using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Caliban.Emulators.Kubernetes;

/// <summary>One change as watchers see it: the serialized watch line and the object it carried.</summary>
internal sealed record StoredEvent(long Revision, KubeResource Resource, string Namespace, JsonObject Object, string Line);

/// <summary>A live watch: what it selects and the channel its stream reads watch lines from.</summary>
internal sealed class WatchSubscription(KubeResource resource, string @namespace, LabelSelector labels, FieldSelector fields)
{
    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public bool Accepts(KubeResource eventResource, string eventNamespace, JsonObject obj) =>
        eventResource == resource && eventNamespace == @namespace
        && labels.Matches(obj.Obj("metadata").Obj("labels")) && fields.Matches(obj);
}

/// <summary>
/// All objects and the change history. One lock (<see cref="Gate"/>) guards everything; every change gets the next
/// cluster-wide resourceVersion (like etcd's revision) and is fanned out to matching watches.
/// </summary>
internal sealed class KubeStore
{
    private const int HistoryLimit = 200_000;

    private readonly Dictionary<string, NamespaceRecord> _namespaces = new(StringComparer.Ordinal);
    private readonly List<WatchSubscription> _watches = [];
    private readonly Queue<StoredEvent> _history = new();
    private long _revision = 1;

    public object Gate { get; } = new();

    public long Revision => _revision;

    public IEnumerable<NamespaceRecord> Namespaces => _namespaces.Values;

    public NamespaceRecord? Namespace(string name) => _namespaces.GetValueOrDefault(name);

    public NamespaceRecord AddNamespace(string name, DateTimeOffset now)
    {
        if (_namespaces.TryGetValue(name, out var existing))
        {
            return existing;
        }
        var obj = new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["uid"] = Guid.NewGuid().ToString(),
                ["resourceVersion"] = NextRevision(),
                ["creationTimestamp"] = JsonPaths.Time(now),
                ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name },
            },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
        var record = new NamespaceRecord(obj);
        _namespaces[name] = record;
        return record;
    }

    /// <summary>Stamps a new resourceVersion on <paramref name="obj"/> and sends the change to matching watches.</summary>
    public void Publish(KubeResource resource, string @namespace, string type, JsonObject obj)
    {
        obj.ObjOrCreate("metadata")["resourceVersion"] = NextRevision();
        var snapshot = (JsonObject)obj.DeepClone();
        var line = new JsonObject { ["type"] = type, ["object"] = snapshot.DeepClone() }.Write();
        var stored = new StoredEvent(_revision, resource, @namespace, snapshot, line);
        _history.Enqueue(stored);
        while (_history.Count > HistoryLimit)
        {
            _history.Dequeue();
        }
        foreach (var watch in _watches)
        {
            if (watch.Accepts(resource, @namespace, snapshot))
            {
                watch.Lines.Writer.TryWrite(line);
            }
        }
    }

    /// <summary>
    /// Starts a watch. Without a resourceVersion (or "0") it begins with ADDED events for the current objects;
    /// with one it replays the changes after it, or answers 410 Expired when history no longer reaches back.
    /// </summary>
    public WatchSubscription Subscribe(KubeResource resource, string @namespace, LabelSelector labels, FieldSelector fields,
        string? resourceVersion, IEnumerable<JsonObject> current)
    {
        var watch = new WatchSubscription(resource, @namespace, labels, fields);
        if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
        {
            foreach (var obj in current.Where(o => watch.Accepts(resource, @namespace, o)))
            {
                watch.Lines.Writer.TryWrite(new JsonObject { ["type"] = "ADDED", ["object"] = obj.DeepClone() }.Write());
            }
        }
        else
        {
            if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var since))
            {
                throw KubeApiError.BadRequest($"invalid resource version: {resourceVersion}");
            }
            var oldest = _history.Count > 0 ? _history.Peek().Revision : _revision + 1;
            if (since < oldest - 1 && since < _revision)
            {
                var expired = new KubeApiError(410, "Expired", $"too old resource version: {since} ({oldest - 1})");
                watch.Lines.Writer.TryWrite(new JsonObject { ["type"] = "ERROR", ["object"] = expired.ToStatus() }.Write());
                watch.Lines.Writer.TryComplete();
                return watch;
            }
            foreach (var stored in _history.Where(e => e.Revision > since && watch.Accepts(e.Resource, e.Namespace, e.Object)))
            {
                watch.Lines.Writer.TryWrite(stored.Line);
            }
        }
        _watches.Add(watch);
        return watch;
    }

    public void Unsubscribe(WatchSubscription watch)
    {
        _watches.Remove(watch);
        watch.Lines.Writer.TryComplete();
    }

    /// <summary>Ends every watch stream (emulator shutdown).</summary>
    public void CloseAllWatches()
    {
        foreach (var watch in _watches)
        {
            watch.Lines.Writer.TryComplete();
        }
        _watches.Clear();
    }

    private string NextRevision() => (++_revision).ToString(CultureInfo.InvariantCulture);
}
