using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Caliban.Core.Tests.KubernetesEmulator;

/// <summary>Runs a client call expected to fail and returns the HTTP status with the server's Status body.</summary>
internal static class ApiErrors
{
    public static async Task<(HttpStatusCode Code, V1Status Status)> OfAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Status", status.Kind);
        Assert.Equal("v1", status.ApiVersion);
        Assert.Equal("Failure", status.Status);
        Assert.Equal((int)error.Response.StatusCode, status.Code);
        return (error.Response.StatusCode, status);
    }
}
