namespace Caliban.Emulators.Kubernetes;

/// <summary>What an injected fault does to a request.</summary>
public enum KubeFaultKind
{
    /// <summary>429 TooManyRequests with Retry-After, as API Priority and Fairness answers.</summary>
    TooManyRequests,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>The connection is closed without a response.</summary>
    DropConnection,
}

/// <summary>When the fault strikes.</summary>
public enum KubeFaultTiming
{
    /// <summary>Instead of handling the request: nothing changes on the server.</summary>
    BeforeHandling,

    /// <summary>After the request took effect (e.g. the Job is stored): the client sees a failure for a success.</summary>
    AfterHandling,
}

/// <summary>
/// A fault for the next matching request. <paramref name="Verb"/> ("create", "get", "list", "watch", "delete") and
/// <paramref name="Resource"/> ("jobs", "pods", "pods/log", "jobs/status", "namespaces") narrow which request; null matches any.
/// </summary>
public sealed record KubeFault(
    KubeFaultKind Kind,
    KubeFaultTiming Timing = KubeFaultTiming.BeforeHandling,
    string? Verb = null,
    string? Resource = null);
