using System.Net;
using System.Text.Json;
using Caliban.Core.Diagnostics;
using k8s.Autorest;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Turns what the API server (or the network) answered into a coded error that names the cluster, the namespace and
/// the fix. The server's own message (a Status object) is kept: it says which verb and resource were refused.
/// </summary>
public static class KubeApiErrors
{
    /// <param name="action">What was attempted, e.g. "create Job trainer-0-a1b2c".</param>
    public static CalibanException From(Exception error, KubeLocation cluster, string action) => error switch
    {
        CalibanException coded => coded,
        HttpOperationException http => FromResponse(http, cluster, action),
        _ => new CalibanException(ErrorCodes.KubeUnreachable,
            $"Could not {action}: the API server of {cluster.Describe()} did not answer ({Describe(error)}). " +
            "Check that the cluster is up and reachable from here (VPN, firewall, `kubectl cluster-info`), or choose another CalibanKubeContext.",
            inner: error),
    };

    /// <summary>True for the errors that would hit every Job alike, so submitting the rest is pointless.</summary>
    public static bool AffectsEveryJob(CalibanException error) => error.Code is ErrorCodes.KubeUnauthorized
        or ErrorCodes.KubeForbidden or ErrorCodes.KubeNamespaceNotFound or ErrorCodes.KubeUnreachable;

    private static CalibanException FromResponse(HttpOperationException error, KubeLocation cluster, string action)
    {
        var status = error.Response?.StatusCode ?? 0;
        var (message, reason) = ServerMessage(error.Response?.Content);
        var said = message is null ? $"HTTP {(int)status}" : $"HTTP {(int)status} {message}";
        var where = cluster.Where();
        return (status, reason) switch
        {
            (HttpStatusCode.Unauthorized, _) => new CalibanException(ErrorCodes.KubeUnauthorized,
                $"Could not {action}: {cluster.Describe()} did not accept the credentials ({said}). Refresh them " +
                "(for GKE: `gcloud auth login` and `gcloud container clusters get-credentials`), or choose another CalibanKubeContext.", inner: error),
            (HttpStatusCode.Forbidden, _) when message?.Contains("exceeded quota", StringComparison.OrdinalIgnoreCase) == true => new CalibanException(ErrorCodes.KubeQuotaExceeded,
                $"Could not {action}: a ResourceQuota of {where} is used up ({said}). Wait for running Jobs to finish, lower CalibanMinCpu/CalibanMinMemory/CalibanGpuSpec, " +
                "or ask the cluster's administrator for a larger quota (`kubectl describe resourcequota -n " + cluster.Namespace + "`).", inner: error),
            (HttpStatusCode.Forbidden, _) => new CalibanException(ErrorCodes.KubeForbidden,
                $"Could not {action}: the account of {cluster.Describe()} may not do that in namespace {cluster.Namespace} ({said}). " +
                "Ask the cluster's administrator for an RBAC Role allowing create/get/list/delete on jobs (batch) and get/list on pods and pods/log in that namespace, " +
                "or set CalibanKubeNamespace to a namespace you may use.", inner: error),
            (HttpStatusCode.NotFound, _) when message?.Contains("namespace", StringComparison.OrdinalIgnoreCase) == true => new CalibanException(ErrorCodes.KubeNamespaceNotFound,
                $"Could not {action}: namespace {cluster.Namespace} does not exist on {cluster.Describe()} ({said}). " +
                $"Set CalibanKubeNamespace to an existing namespace (`kubectl get namespaces`), or create it (`kubectl create namespace {cluster.Namespace}`).", inner: error),
            (HttpStatusCode.UnprocessableEntity, _) or (HttpStatusCode.BadRequest, _) => new CalibanException(ErrorCodes.KubeJobRejected,
                $"Could not {action}: {where} rejected the Job as invalid ({said}). Fix the setting it names (CalibanMinCpu, CalibanMinMemory, CalibanToleration, CalibanLabel …) " +
                "or the manifest file.", inner: error),
            _ => new CalibanException(ErrorCodes.KubeRequestFailed,
                $"Could not {action} in {where}: {said}. Try again; if it keeps failing, check the cluster's health (`kubectl get --raw /readyz`).", inner: error),
        };
    }

    /// <summary>The message and reason of a Kubernetes Status body, when the body is one.</summary>
    internal static (string? Message, string? Reason) ServerMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return (null, null);
        try
        {
            using var body = JsonDocument.Parse(content);
            var root = body.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (Shorten(content), null);
            return (root.TryGetProperty("message", out var message) ? message.GetString() : Shorten(content),
                    root.TryGetProperty("reason", out var reason) ? reason.GetString() : null);
        }
        catch (JsonException)
        {
            return (Shorten(content), null);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + " …";

    private static string Describe(Exception error) => error switch
    {
        TaskCanceledException or TimeoutException => "the request timed out",
        _ when error.InnerException is { } inner && !string.IsNullOrEmpty(inner.Message) => $"{error.Message} {inner.Message}".Trim(),
        _ => error.Message,
    };
}
