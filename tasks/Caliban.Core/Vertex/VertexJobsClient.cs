using Caliban.Core.Net;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Caliban.Core.Google;

namespace Caliban.Core.Vertex;

/// <summary>
/// Vertex AI's customJobs over REST (<c>/v1/{parent}/customJobs</c>), with a bearer token from
/// <see cref="IAccessTokenSource"/> on every request. Get, list pages and cancel retry transient failures with
/// <see cref="RetryPolicy"/>; create is sent once (see <see cref="IVertexJobsClient"/>).
/// </summary>
public sealed class VertexJobsClient : IVertexJobsClient, IDisposable
{
    private static readonly string UserAgent = $"Caliban.Sdk/{typeof(VertexJobsClient).Assembly.GetName().Version?.ToString(3)}";

    private readonly HttpClient http;
    private readonly IAccessTokenSource tokens;
    private readonly VertexClientOptions options;

    public VertexJobsClient(Uri baseUrl, IAccessTokenSource tokens, VertexClientOptions? options = null)
        : this(baseUrl, tokens, options, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
    }

    /// <summary>With the caller's HTTP handler (owned and disposed by this client).</summary>
    public VertexJobsClient(Uri baseUrl, IAccessTokenSource tokens, VertexClientOptions? options, HttpMessageHandler handler)
    {
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        this.tokens = tokens;
        this.options = options ?? VertexClientOptions.Default;
        // Per-request timeouts are ours (options.RequestTimeout), so HttpClient's own stays out of the way.
        http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    public Uri BaseUrl { get; }

    public async Task<CustomJob> CreateAsync(string parent, CustomJob job, CancellationToken ct)
    {
        // Output-only fields are the service's to set; a job read back and submitted again must not carry them.
        var body = job with { Name = null, State = null, Error = null, CreateTime = null, StartTime = null, EndTime = null, UpdateTime = null, WebAccessUris = null };
        return await SendOnceAsync<CustomJob>(HttpMethod.Post, ResourcePath(parent) + "/customJobs", body, ct).ConfigureAwait(false);
    }

    public Task<CustomJob> GetAsync(string name, CancellationToken ct) =>
        WithRetries(token => SendOnceAsync<CustomJob>(HttpMethod.Get, ResourcePath(name), body: null, token), ct);

    public async IAsyncEnumerable<CustomJob> ListAsync(string parent, string? filter, [EnumeratorCancellation] CancellationToken ct)
    {
        string? pageToken = null;
        do
        {
            var query = new StringBuilder($"?pageSize={options.PageSize}");
            if (!string.IsNullOrEmpty(filter))
                query.Append("&filter=").Append(Uri.EscapeDataString(filter));
            if (!string.IsNullOrEmpty(pageToken))
                query.Append("&pageToken=").Append(Uri.EscapeDataString(pageToken));
            var path = ResourcePath(parent) + "/customJobs" + query;
            var page = await WithRetries(token => SendOnceAsync<ListCustomJobsResponse>(HttpMethod.Get, path, body: null, token), ct).ConfigureAwait(false);
            foreach (var job in page.CustomJobs ?? [])
                yield return job;
            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));
    }

    public Task CancelAsync(string name, CancellationToken ct) =>
        WithRetries(token => SendOnceAsync<JsonElement>(HttpMethod.Post, ResourcePath(name) + ":cancel", new { }, token), ct);

    public void Dispose() => http.Dispose();

    private Task<T> WithRetries<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken ct) =>
        options.Retry.ExecuteAsync(attempt, ex => ex is VertexApiException { IsTransient: true } failure ? RetryAdvice.Again(failure.RetryAfter) : RetryAdvice.Stop, ct);

    private async Task<T> SendOnceAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var accessToken = await tokens.GetAccessTokenAsync(ct).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body, VertexJson.Options), Encoding.UTF8, "application/json");

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(options.RequestTimeout);
        string text;
        HttpStatusCode status;
        TimeSpan? retryAfter;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            status = response.StatusCode;
            retryAfter = RetryAfterOf(response.Headers.RetryAfter);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new VertexApiException(null, "DEADLINE_EXCEEDED",
                $"Vertex AI at {BaseUrl.Authority} did not answer {method} {Describe(path)} within {options.RequestTimeout.TotalSeconds:0.#} s.", isTransient: true, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // A name that does not resolve will not resolve on the next try either.
            var transient = ex is not HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };
            throw new VertexApiException(null, "UNAVAILABLE",
                $"The connection to Vertex AI at {BaseUrl.Authority} failed during {method} {Describe(path)}: {ex.Message}", transient, ex);
        }

        if ((int)status is < 200 or > 299)
            throw GoogleErrors.FromAnswer((int)status, text, retryAfter);
        try
        {
            return JsonSerializer.Deserialize<T>(text, VertexJson.Options)
                ?? throw new JsonException("the answer is JSON null");
        }
        catch (JsonException ex)
        {
            throw new VertexApiException((int)status, "INTERNAL",
                $"Vertex AI at {BaseUrl.Authority} answered {method} {Describe(path)} with a body that is not the expected JSON: {ex.Message}", isTransient: false, ex);
        }
    }

    private static TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static string Describe(string path) => path.Split('?')[0];

    /// <summary>A resource name as a URL path, each segment escaped; names come from settings and from the service.</summary>
    private static string ResourcePath(string name)
    {
        var segments = name.Trim('/').Split('/');
        if (segments.Any(segment => segment is "" or "." or ".."))
            throw new ArgumentException($"'{name}' is not a Vertex AI resource name (projects/…/locations/…).", nameof(name));
        return "v1/" + string.Join('/', segments.Select(Uri.EscapeDataString));
    }
}
