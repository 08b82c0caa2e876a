using System.Text;
using Microsoft.AspNetCore.Http;

namespace Caliban.Emulators.Kubernetes;

/// <summary>/api/v1/namespaces/{ns}/pods[/{name}[/log]]: list/watch, get, and container logs (plain or followed).</summary>
internal sealed class PodEndpoints(KubeStore store, CancellationToken stopping)
{
    public KubeReply List(KubeRoute route, HttpRequest request) =>
        ListAndWatch.Reply(store, KubeResource.Pods, route.Namespace!, request.Query, ns => ns.Pods.Values.Select(p => p.Object));

    public KubeReply Get(KubeRoute route)
    {
        lock (store.Gate)
        {
            return KubeReply.Json(Find(route).Object.DeepClone());
        }
    }

    public KubeReply Log(KubeRoute route, HttpRequest request)
    {
        var query = request.Query;
        var follow = ListAndWatch.IsTrue(query["follow"]);
        var timestamps = ListAndWatch.IsTrue(query["timestamps"]);
        var tail = ListAndWatch.ParseInt(query["tailLines"], "tailLines");
        PodRecord pod;
        string container;
        List<LogLine> lines;
        int sent;
        lock (store.Gate)
        {
            pod = Find(route);
            var names = pod.ContainerNames.ToList();
            container = query["container"].ToString();
            if (container.Length == 0)
            {
                container = names.Count == 1
                    ? names[0]
                    : throw KubeApiError.BadRequest($"a container name must be specified for pod {pod.Name}, choose one of: [{string.Join(" ", names)}]");
            }
            else if (!names.Contains(container))
            {
                throw KubeApiError.BadRequest($"container {container} is not valid for pod {pod.Name}");
            }
            if (pod.Phase == PodPhase.Pending)
            {
                throw KubeApiError.BadRequest($"container \"{container}\" in pod \"{pod.Name}\" is waiting to start: ContainerCreating");
            }
            lines = LinesOf(pod, container);
            sent = lines.Count;
        }
        if (tail is >= 0)
        {
            lines = lines.Skip(Math.Max(0, lines.Count - tail.Value)).ToList();
        }
        if (!follow)
        {
            return new KubeReply { ContentType = "text/plain", Body = Render(lines, timestamps) };
        }
        var selected = container;
        return new KubeReply
        {
            ContentType = "text/plain",
            Stream = async (response, requestAborted) =>
            {
                // A followed log also ends when the emulator stops, so shutdown does not wait for pods that never end.
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
                var aborted = linked.Token;
                await response.StartAsync(aborted);
                var backlog = lines;
                try
                {
                    while (true)
                    {
                        if (backlog.Count > 0)
                        {
                            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(Render(backlog, timestamps)), aborted);
                        }
                        await response.Body.FlushAsync(aborted);
                        Task changed;
                        bool ended;
                        lock (store.Gate)
                        {
                            var all = LinesOf(pod, selected);
                            backlog = all.Skip(sent).ToList();
                            sent = all.Count;
                            ended = pod.Terminal || pod.Deleted;
                            changed = pod.Changed;
                        }
                        if (backlog.Count > 0)
                        {
                            continue;
                        }
                        if (ended)
                        {
                            return;
                        }
                        // Captured under the lock, so no change between the read and this wait is missed.
                        await changed.WaitAsync(aborted);
                    }
                }
                catch (OperationCanceledException)
                {
                    // The client stopped following.
                }
            },
        };
    }

    private PodRecord Find(KubeRoute route) =>
        store.Namespace(route.Namespace!)?.Pods.GetValueOrDefault(route.Name!) ?? throw KubeApiError.NotFound(KubeResource.Pods, route.Name!);

    private static List<LogLine> LinesOf(PodRecord pod, string container) => pod.Log.Where(l => l.Container == container).ToList();

    private static string Render(IEnumerable<LogLine> lines, bool timestamps) =>
        string.Concat(lines.Select(l => (timestamps ? l.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z' ", System.Globalization.CultureInfo.InvariantCulture) : "") + l.Text + "\n"));
}
