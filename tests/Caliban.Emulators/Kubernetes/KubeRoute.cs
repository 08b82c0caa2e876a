namespace Caliban.Emulators.Kubernetes;

/// <summary>Which endpoint a request addresses.</summary>
internal enum KubeEndpoint { Discovery, NamespaceList, Namespace, Jobs, Job, JobStatus, Pods, Pod, PodLog }

/// <summary>
/// A request resolved to an endpoint with the RBAC attributes the server authorizes on (verb, resource, subresource,
/// namespace, name); these also name the request in 403 messages and select injected faults.
/// </summary>
internal sealed record KubeRoute(KubeEndpoint Endpoint, string Verb, KubeResource Resource, string? Namespace, string? Name, string? Subresource)
{
    public string ResourceWithSubresource => Subresource is null ? Resource.Plural : $"{Resource.Plural}/{Subresource}";

    /// <summary>Null for paths the server does not serve (404); throws 405 for a method the path does not allow.</summary>
    public static KubeRoute? Resolve(string method, string path, bool watch)
    {
        var s = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var get = method == "GET";
        string CollectionVerb() => method switch
        {
            "GET" => watch ? "watch" : "list",
            "POST" => "create",
            _ => throw KubeApiError.MethodNotAllowed(),
        };
        string NamedVerb() => method switch
        {
            "GET" => "get",
            "DELETE" => "delete",
            _ => throw KubeApiError.MethodNotAllowed(),
        };
        string ReadOnly() => get ? "get" : throw KubeApiError.MethodNotAllowed();

        switch (s)
        {
            case ["version"] or ["api"] or ["api", "v1"] or ["apis"] or ["apis", "batch"] or ["apis", "batch", "v1"]:
                return new KubeRoute(KubeEndpoint.Discovery, ReadOnly(), KubeResource.Namespaces, null, null, null);
            case ["api", "v1", "namespaces"]:
                return new KubeRoute(KubeEndpoint.NamespaceList, get ? (watch ? "watch" : "list") : throw KubeApiError.MethodNotAllowed(),
                    KubeResource.Namespaces, null, null, null);
            case ["api", "v1", "namespaces", var ns]:
                return new KubeRoute(KubeEndpoint.Namespace, ReadOnly(), KubeResource.Namespaces, ns, ns, null);
            case ["api", "v1", "namespaces", var ns, "pods"]:
                return new KubeRoute(KubeEndpoint.Pods, get ? CollectionVerb() : throw KubeApiError.MethodNotAllowed(), KubeResource.Pods, ns, null, null);
            case ["api", "v1", "namespaces", var ns, "pods", var name]:
                return new KubeRoute(KubeEndpoint.Pod, ReadOnly(), KubeResource.Pods, ns, name, null);
            case ["api", "v1", "namespaces", var ns, "pods", var name, "log"]:
                return new KubeRoute(KubeEndpoint.PodLog, ReadOnly(), KubeResource.Pods, ns, name, "log");
            case ["apis", "batch", "v1", "namespaces", var ns, "jobs"]:
                return new KubeRoute(KubeEndpoint.Jobs, CollectionVerb(), KubeResource.Jobs, ns, null, null);
            case ["apis", "batch", "v1", "namespaces", var ns, "jobs", var name]:
                return new KubeRoute(KubeEndpoint.Job, NamedVerb(), KubeResource.Jobs, ns, name, null);
            case ["apis", "batch", "v1", "namespaces", var ns, "jobs", var name, "status"]:
                return new KubeRoute(KubeEndpoint.JobStatus, ReadOnly(), KubeResource.Jobs, ns, name, "status");
            default:
                return null;
        }
    }
}
