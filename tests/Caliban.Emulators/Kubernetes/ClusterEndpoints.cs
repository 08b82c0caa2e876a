using System.Globalization;
using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>Namespaces (get, list) and the minimal discovery documents: /version, /api, /api/v1, /apis, /apis/batch[/v1].</summary>
internal sealed class ClusterEndpoints(KubeStore store, Func<Uri> url)
{
    public KubeReply Namespace(KubeRoute route)
    {
        lock (store.Gate)
        {
            var ns = store.Namespace(route.Name!) ?? throw KubeApiError.NotFound(KubeResource.Namespaces, route.Name!);
            return KubeReply.Json(ns.Object.DeepClone());
        }
    }

    public KubeReply NamespaceList()
    {
        lock (store.Gate)
        {
            var items = new JsonArray();
            foreach (var ns in store.Namespaces.OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                var item = (JsonObject)ns.Object.DeepClone();
                item.Remove("kind");
                item.Remove("apiVersion");
                items.Add(item);
            }
            return KubeReply.Json(new JsonObject
            {
                ["kind"] = "NamespaceList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = store.Revision.ToString(CultureInfo.InvariantCulture) },
                ["items"] = items,
            });
        }
    }

    public KubeReply Discovery(string path) => KubeReply.Json(path.Trim('/') switch
    {
        "version" => new JsonObject
        {
            ["major"] = "1",
            ["minor"] = "34",
            ["gitVersion"] = "v1.34.0-caliban-emulator",
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2025-08-27T00:00:00Z",
            ["goVersion"] = "go1.24.6",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        },
        "api" => new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject
            {
                ["clientCIDR"] = "0.0.0.0/0",
                ["serverAddress"] = url().Authority,
            }),
        },
        "apis" => new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(BatchGroup()),
        },
        "apis/batch" => BatchGroup(),
        "api/v1" => ResourceList("v1",
            Resource("namespaces", "Namespace", false, "get", "list"),
            Resource("pods", "Pod", true, "get", "list", "watch"),
            Resource("pods/log", "Pod", true, "get")),
        _ => ResourceList("batch/v1",
            Resource("jobs", "Job", true, "create", "delete", "get", "list", "watch"),
            Resource("jobs/status", "Job", true, "get")),
    });

    private static JsonObject BatchGroup() => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = "batch",
        ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = "batch/v1", ["version"] = "v1" }),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = "batch/v1", ["version"] = "v1" },
    };

    private static JsonObject ResourceList(string groupVersion, params JsonObject[] resources) => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(resources),
    };

    private static JsonObject Resource(string name, string kind, bool namespaced, params string[] verbs) => new()
    {
        ["name"] = name,
        ["singularName"] = name.Contains('/', StringComparison.Ordinal) ? "" : kind.ToLowerInvariant(),
        ["namespaced"] = namespaced,
        ["kind"] = kind,
        ["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray()),
    };
}
