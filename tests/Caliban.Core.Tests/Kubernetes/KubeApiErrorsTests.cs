using Caliban.Core.Net;
using System.Net;
using Caliban.Core.Diagnostics;
using Caliban.Core.Kubernetes;
using k8s.Autorest;

namespace Caliban.Core.Tests.Kubernetes;

public sealed class KubeApiErrorsTests
{
    private static readonly KubeLocation Location = new("https://10.0.0.1", "gke_proj_zone_c", "team-a");

    private static HttpOperationException Http(HttpStatusCode status, string message, string reason) => new("failed")
    {
        Response = new HttpResponseMessageWrapper(new HttpResponseMessage(status),
            $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{message}}","reason":"{{reason}}","code":{{(int)status}}}"""),
    };

    [Fact]
    public void Forbidden_names_the_verb_namespace_cluster_and_rbac()
    {
        var error = KubeApiErrors.From(Http(HttpStatusCode.Forbidden,
            "jobs.batch is forbidden: User \\\"alice\\\" cannot create resource \\\"jobs\\\" in API group \\\"batch\\\" in the namespace \\\"team-a\\\"", "Forbidden"),
            Location, "create Job x");
        Assert.Equal(ErrorCodes.KubeForbidden, error.Code);
        Assert.Contains("cannot create resource", error.Message);
        Assert.Contains("team-a", error.Message);
        Assert.Contains("gke_proj_zone_c (https://10.0.0.1)", error.Message);
        Assert.Contains("RBAC", error.Message);
        Assert.True(KubeApiErrors.AffectsEveryJob(error));
    }

    [Fact]
    public void Quota_is_its_own_error_and_does_not_stop_the_other_jobs()
    {
        var error = KubeApiErrors.From(Http(HttpStatusCode.Forbidden,
            "jobs.batch \\\"x\\\" is forbidden: exceeded quota: jobs, requested: count/jobs.batch=1, used: count/jobs.batch=5, limited: count/jobs.batch=5", "Forbidden"),
            Location, "create Job x");
        Assert.Equal(ErrorCodes.KubeQuotaExceeded, error.Code);
        Assert.Contains("resourcequota", error.Message);
        Assert.False(KubeApiErrors.AffectsEveryJob(error));
    }

    [Fact]
    public void A_missing_namespace_says_how_to_create_or_choose_one()
    {
        var error = KubeApiErrors.From(Http(HttpStatusCode.NotFound, "namespaces \\\"team-a\\\" not found", "NotFound"), Location, "create Job x");
        Assert.Equal(ErrorCodes.KubeNamespaceNotFound, error.Code);
        Assert.Contains("kubectl create namespace team-a", error.Message);
        Assert.Contains("CalibanKubeNamespace", error.Message);
    }

    [Fact]
    public void Invalid_unauthorized_and_unreachable_are_coded()
    {
        Assert.Equal(ErrorCodes.KubeJobRejected, KubeApiErrors.From(Http(HttpStatusCode.UnprocessableEntity, "Job.batch \\\"x\\\" is invalid", "Invalid"), Location, "create Job x").Code);
        Assert.Equal(ErrorCodes.KubeUnauthorized, KubeApiErrors.From(Http(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized"), Location, "create Job x").Code);
        var unreachable = KubeApiErrors.From(new HttpRequestException("Connection refused"), Location, "create Job x");
        Assert.Equal(ErrorCodes.KubeUnreachable, unreachable.Code);
        Assert.Contains("Connection refused", unreachable.Message);
    }

    [Fact]
    public void Transient_failures_are_retried_and_others_are_not()
    {
        Assert.True(KubeRetryPolicy.IsTransient(Http(HttpStatusCode.TooManyRequests, "slow down", "TooManyRequests"), default));
        Assert.True(KubeRetryPolicy.IsTransient(Http(HttpStatusCode.ServiceUnavailable, "x", "ServiceUnavailable"), default));
        Assert.True(KubeRetryPolicy.IsTransient(new HttpRequestException("reset"), default));
        Assert.True(KubeRetryPolicy.IsTransient(new IOException("dropped"), default));
        Assert.False(KubeRetryPolicy.IsTransient(Http(HttpStatusCode.Forbidden, "no", "Forbidden"), default));
        Assert.False(KubeRetryPolicy.IsTransient(Http(HttpStatusCode.Conflict, "exists", "AlreadyExists"), default));
        using var canceled = new CancellationTokenSource();
        canceled.Cancel();
        Assert.False(KubeRetryPolicy.IsTransient(new OperationCanceledException(), canceled.Token));
    }

    [Fact]
    public async Task The_retry_policy_gives_up_after_its_attempts()
    {
        var policy = new KubeRetryPolicy { Policy = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1) } };
        var calls = 0;
        await Assert.ThrowsAsync<HttpRequestException>(() => policy.RunAsync<int>(_ => { calls++; throw new HttpRequestException("down"); }, default));
        Assert.Equal(3, calls);
        calls = 0;
        Assert.Equal(7, await policy.RunAsync(_ => ++calls < 3 ? throw new IOException("blip") : Task.FromResult(7), default));
    }
}
