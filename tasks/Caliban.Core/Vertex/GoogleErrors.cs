using System.Text.Json;

namespace Caliban.Core.Vertex;

/// <summary>Turns a Google API error answer (<c>{"error": {code, message, status}}</c>) into a <see cref="VertexApiException"/>.</summary>
public static class GoogleErrors
{
    public static VertexApiException FromAnswer(int httpStatus, string body, TimeSpan? retryAfter = null)
    {
        var error = TryParse(body);
        var status = string.IsNullOrEmpty(error?.Status) ? CanonicalStatus(httpStatus) : error.Status;
        var message = string.IsNullOrWhiteSpace(error?.Message) ? Fallback(httpStatus, body) : error.Message;
        return new VertexApiException(httpStatus, status, message, IsTransientStatus(httpStatus)) { RetryAfter = retryAfter };
    }

    /// <summary>Throttling, server faults and gateway timeouts: worth another try.</summary>
    public static bool IsTransientStatus(int httpStatus) => httpStatus is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>The canonical status Google pairs with an HTTP status, for answers that carry none (e.g. from a proxy).</summary>
    public static string CanonicalStatus(int httpStatus) => httpStatus switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        408 or 504 => "DEADLINE_EXCEEDED",
        409 => "ABORTED",
        429 => "RESOURCE_EXHAUSTED",
        501 => "UNIMPLEMENTED",
        502 or 503 => "UNAVAILABLE",
        _ when httpStatus >= 500 => "INTERNAL",
        _ => "UNKNOWN",
    };

    private static RpcStatus? TryParse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<GoogleErrorResponse>(body, VertexJson.Options)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Fallback(int httpStatus, string body)
    {
        var text = body.Trim();
        if (text.Length > 300)
            text = text[..300] + "…";
        return text.Length == 0 ? $"HTTP {httpStatus} with no message" : $"HTTP {httpStatus}: {text}";
    }
}
