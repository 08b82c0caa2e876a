using Caliban.Core.Net;

namespace Caliban.Core.Vertex;

/// <summary>Tuning of <see cref="VertexJobsClient"/>; the defaults suit the real service, tests shrink them.</summary>
public sealed record VertexClientOptions
{
    public static readonly VertexClientOptions Default = new();

    /// <summary>How long one HTTP request may take before it counts as a (transient) failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Retries of get, list pages and cancel. Create is never retried.</summary>
    public RetryPolicy Retry { get; init; } = RetryPolicy.Default;

    /// <summary>Jobs asked for per list page.</summary>
    public int PageSize { get; init; } = 100;
}
