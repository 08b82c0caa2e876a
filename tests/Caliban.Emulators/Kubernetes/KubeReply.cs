using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caliban.Emulators.Kubernetes;

/// <summary>An answer to write: a JSON or text body, or a stream (watch, followed logs) that writes itself.</summary>
internal sealed class KubeReply
{
    public int StatusCode { get; init; } = 200;
    public string ContentType { get; init; } = "application/json";
    public string? Body { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public Func<HttpResponse, CancellationToken, Task>? Stream { get; init; }

    public static KubeReply Json(JsonNode body, int statusCode = 200) => new() { StatusCode = statusCode, Body = body.Write() };

    public static KubeReply Error(KubeApiError error) =>
        new() { StatusCode = error.Code, Body = error.ToStatus().Write(), Headers = error.Headers };

    public async Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (Stream is not null)
        {
            await Stream(response, context.RequestAborted);
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(Body ?? "");
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
