namespace Caliban.Core.CloudRuns;

/// <summary>How often and how patiently a transient failure (429, 5xx, timeout, dropped connection) is tried again.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>10 attempts, waits doubling from 1 s up to 32 s: about 3 minutes of patience per job at worst.</summary>
    public static readonly RetryPolicy Default = new(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(32));

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: exponential, capped, with "equal jitter" (half fixed, half
    /// random) so that many jobs failing together do not come back together.
    /// </summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }
}
