namespace Caliban.Core.Vertex;

/// <summary>
/// Vertex AI's <c>projects.locations.customJobs</c> methods. Reads (get, list) and cancel retry transient failures
/// themselves; create never retries, because a retried create could make a second job: the submitter looks the job up
/// by its labels before creating again. Failures throw <see cref="VertexApiException"/>.
/// </summary>
public interface IVertexJobsClient
{
    /// <param name="parent"><c>projects/{project}/locations/{region}</c>.</param>
    Task<CustomJob> CreateAsync(string parent, CustomJob job, CancellationToken ct);

    /// <param name="name">The job's full resource name as the service returned it.</param>
    Task<CustomJob> GetAsync(string name, CancellationToken ct);

    /// <summary>Every job of <paramref name="parent"/> matching <paramref name="filter"/> (e.g. <c>labels.k="v"</c>), all pages.</summary>
    IAsyncEnumerable<CustomJob> ListAsync(string parent, string? filter, CancellationToken ct);

    Task CancelAsync(string name, CancellationToken ct);
}

/// <summary>A failed Vertex AI request: the HTTP status (null when no answer came), Google's status and message.</summary>
public sealed class VertexApiException(int? httpStatus, string? status, string message, bool isTransient, Exception? inner = null)
    : Exception(message, inner)
{
    public int? HttpStatus { get; } = httpStatus;

    /// <summary>Google's canonical status, e.g. INVALID_ARGUMENT, PERMISSION_DENIED, RESOURCE_EXHAUSTED.</summary>
    public string? Status { get; } = status;

    /// <summary>True for 429, 5xx, timeouts and dropped connections: the request may be tried again.</summary>
    public bool IsTransient { get; } = isTransient;

    /// <summary>How long the service asked the caller to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
