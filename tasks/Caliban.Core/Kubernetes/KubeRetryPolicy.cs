using System.Net;
using k8s.Autorest;

namespace Caliban.Core.Kubernetes;

/// <summary>
/// Retries an API call that failed for a passing reason — 429, 500/502/503/504, a dropped or refused connection, a
/// timeout — with exponential backoff and full jitter, so a thousand submitters do not retry in step. A 429's
/// Retry-After is honoured (up to <see cref="MaxDelay"/>).
/// </summary>
public sealed record KubeRetryPolicy
{
    public static readonly KubeRetryPolicy Default = new();

    public int MaxAttempts { get; init; } = 12;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="call"/>; <paramref name="retried"/> hears of each retry (for the summary's count).</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct, Action<Exception>? retried = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(ct);
            }
            catch (Exception error) when (attempt < MaxAttempts && IsTransient(error, ct))
            {
                retried?.Invoke(error);
                await Task.Delay(Delay(attempt, error), ct);
            }
        }
    }

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

    private TimeSpan Delay(int attempt, Exception error)
    {
        if (error is HttpOperationException { Response.Headers: { } headers } && headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), out var seconds) && seconds >= 0)
            return TimeSpan.FromSeconds(Math.Min(seconds, MaxDelay.TotalSeconds)) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50));
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
