using System.Net;
using Caliban.Core.Net;
using k8s.Autorest;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Kubernetes API calls retried with the shared <see cref="RetryPolicy"/> (exponential backoff, full jitter): what
/// counts as a passing failure — 429, 500/502/503/504, a dropped or refused connection, a timeout — and the server's
/// Retry-After.
/// </summary>
public sealed record KubeRetryPolicy
{
    public static readonly KubeRetryPolicy Default = new();

    public RetryPolicy Policy { get; init; } = new()
    {
        MaxAttempts = 12,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromSeconds(5),
        MaxServerDelay = TimeSpan.FromSeconds(5),
    };

    /// <summary>Runs <paramref name="call"/>; <paramref name="retried"/> hears of each retry (for the summary's count).</summary>
    public Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct, Action<Exception>? retried = null) =>
        Policy.ExecuteAsync(call, error =>
        {
            if (!IsTransient(error, ct)) return RetryAdvice.Stop;
            retried?.Invoke(error);
            return RetryAdvice.Again(RetryAfter(error));
        }, ct);

    public Task RunAsync(Func<CancellationToken, Task> call, CancellationToken ct, Action<Exception>? retried = null) =>
        RunAsync(async token => { await call(token); return true; }, ct, retried);

    /// <summary>Whether trying again may succeed: throttling, a server error, or a connection that failed or dropped.</summary>
    public static bool IsTransient(Exception error, CancellationToken ct) => error switch
    {
        HttpOperationException http => http.Response?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        OperationCanceledException => !ct.IsCancellationRequested, // the client's own timeout, not the caller's cancel
        HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };

    private static TimeSpan? RetryAfter(Exception error) =>
        error is HttpOperationException { Response.Headers: { } headers } && headers.TryGetValue("Retry-After", out var values)
        && int.TryParse(values.FirstOrDefault(), out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
