using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caliban.Emulators.Kubernetes;

/// <summary>
/// The collection GET shared by jobs and pods: a list with label/field selectors and limit/continue paging, or with
/// <c>watch=true</c> a chunked stream of JSON watch lines that stays open until timeoutSeconds, the client leaves,
/// or the emulator stops.
/// </summary>
internal static class ListAndWatch
{
    public static KubeReply Reply(KubeStore store, KubeResource resource, string @namespace, IQueryCollection query,
        Func<NamespaceRecord, IEnumerable<JsonObject>> objectsOf)
    {
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], resource);
        if (IsTrue(query["watch"]))
        {
            return Watch(store, resource, @namespace, query, labels, fields, objectsOf);
        }
        var limit = ParseInt(query["limit"], "limit") ?? 0;
        var after = DecodeContinue(query["continue"]);
        lock (store.Gate)
        {
            var ns = store.Namespace(@namespace);
            var matching = ns is null
                ? []
                : objectsOf(ns).Where(o => labels.Matches(o.Obj("metadata").Obj("labels")) && fields.Matches(o))
                    .Where(o => after is null || string.CompareOrdinal(o.Obj("metadata").Str("name"), after) > 0)
                    .ToList();
            var page = limit > 0 ? matching.Take(limit).ToList() : matching;
            var metadata = new JsonObject { ["resourceVersion"] = store.Revision.ToString(CultureInfo.InvariantCulture) };
            if (page.Count < matching.Count)
            {
                metadata["continue"] = EncodeContinue(page[^1].Obj("metadata").Str("name")!, store.Revision);
                metadata["remainingItemCount"] = matching.Count - page.Count;
            }
            var items = new JsonArray();
            foreach (var obj in page)
            {
                // The server's typed lists carry kind and apiVersion once, on the list.
                var item = (JsonObject)obj.DeepClone();
                item.Remove("kind");
                item.Remove("apiVersion");
                items.Add(item);
            }
            return KubeReply.Json(new JsonObject
            {
                ["kind"] = resource.Kind + "List",
                ["apiVersion"] = resource.ApiVersion,
                ["metadata"] = metadata,
                ["items"] = items,
            });
        }
    }

    private static KubeReply Watch(KubeStore store, KubeResource resource, string @namespace, IQueryCollection query,
        LabelSelector labels, FieldSelector fields, Func<NamespaceRecord, IEnumerable<JsonObject>> objectsOf)
    {
        var timeout = ParseInt(query["timeoutSeconds"], "timeoutSeconds");
        var resourceVersion = query["resourceVersion"].ToString();
        return new KubeReply
        {
            Stream = async (response, aborted) =>
            {
                WatchSubscription watch;
                lock (store.Gate)
                {
                    var ns = store.Namespace(@namespace);
                    watch = store.Subscribe(resource, @namespace, labels, fields, resourceVersion,
                        ns is null ? [] : objectsOf(ns).ToList());
                }
                using var timer = timeout is > 0 ? new CancellationTokenSource(TimeSpan.FromSeconds(timeout.Value)) : new CancellationTokenSource();
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, timer.Token);
                try
                {
                    await response.StartAsync(linked.Token);
                    await response.Body.FlushAsync(linked.Token);
                    while (await watch.Lines.Reader.WaitToReadAsync(linked.Token))
                    {
                        while (watch.Lines.Reader.TryRead(out var line))
                        {
                            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), linked.Token);
                        }
                        await response.Body.FlushAsync(linked.Token);
                    }
                }
                catch (OperationCanceledException)
                {
                    // timeoutSeconds elapsed or the client went away: the stream simply ends, as on the server.
                }
                finally
                {
                    lock (store.Gate)
                    {
                        store.Unsubscribe(watch);
                    }
                }
            },
        };
    }

    public static bool IsTrue(string? value) => value is "true" or "1" or "True";

    public static int? ParseInt(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw KubeApiError.BadRequest($"invalid value for {name}: \"{value}\"");
    }

    private static string EncodeContinue(string lastName, long revision) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastName + "\u0000" }.ToJsonString()));

    private static string? DecodeContinue(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            var decoded = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            return decoded.Str("start")?.TrimEnd('\u0000') ?? throw new FormatException();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw KubeApiError.BadRequest("continue key is not valid: illegal base64 data at input byte 0");
        }
    }
}
