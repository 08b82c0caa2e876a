using System.Text.Json.Nodes;

namespace Caliban.Emulators.Kubernetes;

/// <summary>One validation failure: the server's cause reason, message and field path.</summary>
internal sealed record FieldCause(string Reason, string Message, string Field)
{
    public static FieldCause Required(string field, string detail = "") =>
        new("FieldValueRequired", "Required value" + (detail.Length > 0 ? ": " + detail : ""), field);

    public static FieldCause Invalid(string field, object? value, string detail) =>
        new("FieldValueInvalid", $"Invalid value: {Render(value)}: {detail}", field);

    public static FieldCause NotSupported(string field, string value, params string[] supported) =>
        new("FieldValueNotSupported",
            $"Unsupported value: \"{value}\": supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}", field);

    public static FieldCause Duplicate(string field, string value) => new("FieldValueDuplicate", $"Duplicate value: \"{value}\"", field);

    public static FieldCause Forbidden(string field, string detail) => new("FieldValueForbidden", "Forbidden: " + detail, field);

    public string Text => $"{Field}: {Message}";

    private static string Render(object? value) => value switch
    {
        string s => $"\"{s}\"",
        null => "null",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>An API error the emulator answers with a <c>kind: Status</c> body, shaped like the real server's.</summary>
internal sealed class KubeApiError(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }
        status["code"] = Code;
        return status;
    }

    public static JsonObject DetailsOf(string? name, string group, string kind, IEnumerable<FieldCause>? causes = null)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }
        if (group.Length > 0)
        {
            details["group"] = group;
        }
        details["kind"] = kind;
        if (causes is not null)
        {
            details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = c.Reason,
                ["message"] = c.Message,
                ["field"] = c.Field,
            }).ToArray());
        }
        return details;
    }

    /// <summary>"jobs.batch" for grouped resources, "pods" for the core group.</summary>
    public static string Qualified(KubeResource resource) =>
        resource.Group.Length == 0 ? resource.Plural : $"{resource.Plural}.{resource.Group}";

    public static KubeApiError NotFound(KubeResource resource, string name) =>
        new(404, "NotFound", $"{Qualified(resource)} \"{name}\" not found", DetailsOf(name, resource.Group, resource.Plural));

    public static KubeApiError AlreadyExists(KubeResource resource, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource)} \"{name}\" already exists", DetailsOf(name, resource.Group, resource.Plural));

    public static KubeApiError Conflict(KubeResource resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(resource)} \"{name}\": {why}",
            DetailsOf(name, resource.Group, resource.Plural));

    public static KubeApiError Forbidden(KubeResource resource, string? name, string why) =>
        new(403, "Forbidden",
            $"{Qualified(resource)}{(string.IsNullOrEmpty(name) ? "" : $" \"{name}\"")} is forbidden: {why}",
            DetailsOf(name, resource.Group, resource.Plural));

    public static KubeApiError Invalid(KubeResource resource, string name, IReadOnlyList<FieldCause> causes)
    {
        var summary = causes.Count == 1 ? causes[0].Text : "[" + string.Join(", ", causes.Select(c => c.Text)) + "]";
        var kind = resource.Group.Length == 0 ? resource.Kind : $"{resource.Kind}.{resource.Group}";
        return new(422, "Invalid", $"{kind} \"{name}\" is invalid: {summary}", DetailsOf(name, resource.Group, resource.Kind, causes));
    }

    public static KubeApiError BadRequest(string message) => new(400, "BadRequest", message);

    public static KubeApiError Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static KubeApiError Gone(string message) => new(410, "Expired", message);

    public static KubeApiError MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    public static KubeApiError PageNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource",
            new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "UnexpectedServerResponse", ["message"] = "404 page not found" }),
            });

    public static KubeApiError TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.",
            new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds })
        {
            Headers = new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };

    public static KubeApiError ServiceUnavailable() =>
        new(503, "ServiceUnavailable", "the server is currently unable to handle the request", new JsonObject());
}
