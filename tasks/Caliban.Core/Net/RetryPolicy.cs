namespace Caliban.Core.Net;

/// <summary>What to do after a failed attempt: give up, or try again (no sooner than <see cref="After"/> when the
/// service said when, e.g. in a Retry-After header).</summary>
public readonly record struct RetryAdvice(bool Retry, TimeSpan? After = null)
{
    public static readonly RetryAdvice Stop = new(false);
    public static RetryAdvice Again(TimeSpan? after = null) => new(true, after);
}

/// <summary>
/// Bounded retries with exponential backoff and full jitter (a random wait between zero and
/// <c>min(MaxDelay, BaseDelay·2^(n-1))</c>), so many clients failing together do not retry in lockstep. A delay the
/// service asks for is honoured, up to <see cref="MaxServerDelay"/>. Tests shrink the delays.
/// </summary>
public sealed record RetryPolicy
{
    public static readonly RetryPolicy Default = new();

    /// <summary>Attempts in all, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The longest server-requested wait honoured; a longer Retry-After is cut to this.</summary>
    public TimeSpan MaxServerDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1.</summary>
    public TimeSpan DelayAfter(int failedAttempts, TimeSpan? serverDelay = null)
    {
        var ceiling = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        var jittered = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(ceiling, MaxDelay.TotalMilliseconds));
        if (serverDelay is not { } asked)
            return jittered;
        var honoured = asked < MaxServerDelay ? asked : MaxServerDelay;
        return honoured > jittered ? honoured : jittered;
    }

    /// <summary>
    /// Runs <paramref name="operation"/> until it succeeds, <paramref name="classify"/> says stop, or the attempts are
    /// spent; then the last exception propagates unchanged. Cancellation of <paramref name="ct"/> is never retried.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(
        Func<CancellationToken, Task<T>> operation, Func<Exception, RetryAdvice> classify, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && attempt < MaxAttempts && classify(ex) is { Retry: true } advice)
            {
                await Task.Delay(DelayAfter(attempt, advice.After), ct).ConfigureAwait(false);
            }
        }
    }
}
