namespace Caliban.Emulators.Vertex;

/// <summary>The kind of failure injected into one request.</summary>
public enum VertexFaultKind
{
    /// <summary>429 RESOURCE_EXHAUSTED (quota).</summary>
    Throttle,

    /// <summary>503 UNAVAILABLE.</summary>
    Unavailable,

    /// <summary>The connection is aborted with no answer.</summary>
    Drop,

    /// <summary>The answer is held back by <see cref="VertexFault.Delay"/> (to make clients time out), then given.</summary>
    Slow,
}

/// <summary>Which customJobs method a fault applies to.</summary>
public enum VertexOperation { Create, Get, List, Cancel }

/// <summary>
/// One injected failure. <see cref="AfterCommit"/> applies to create: the job is stored first and then the failure is
/// answered, so the client sees an error although the job exists (what idempotent submission must survive).
/// </summary>
public sealed record VertexFault(VertexFaultKind Kind)
{
    /// <summary>Only requests of this method take the fault; null for the next request of any method.</summary>
    public VertexOperation? Operation { get; init; }
    public bool AfterCommit { get; init; }
    public TimeSpan Delay { get; init; }

    /// <summary>Sent as a Retry-After header with 429 and 503.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
