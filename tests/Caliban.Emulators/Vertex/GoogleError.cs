using System.Text.Json.Nodes;

namespace Caliban.Emulators.Vertex;

/// <summary>An error answer in Google's shape: <c>{"error": {code, message, status, details}}</c>.</summary>
internal sealed class GoogleError(int httpStatus, string status, string message, JsonArray? details = null) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public string Status { get; } = status;

    public JsonObject ToBody()
    {
        var error = new JsonObject { ["code"] = HttpStatus, ["message"] = Message, ["status"] = Status };
        if (details is not null)
            error["details"] = details.DeepClone();
        return new JsonObject { ["error"] = error };
    }

    public static GoogleError InvalidArgument(string message) => new(400, "INVALID_ARGUMENT", message);

    /// <summary>A bad field, with the BadRequest detail the real service attaches.</summary>
    public static GoogleError BadField(string field, string message) => new(400, "INVALID_ARGUMENT", message, new JsonArray(new JsonObject
    {
        ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
        ["fieldViolations"] = new JsonArray(new JsonObject { ["field"] = field, ["description"] = message }),
    }));

    /// <summary>The service's wording for semantic checks: "List of found errors: 1.Field: …; Message: …".</summary>
    public static GoogleError FoundErrors(string field, string message) =>
        BadField(field, $"List of found errors:\t1.Field: {field}; Message: {message}\t");

    public static GoogleError NotFound(string message) => new(404, "NOT_FOUND", message);
    public static GoogleError FailedPrecondition(string message) => new(400, "FAILED_PRECONDITION", message);
    public static GoogleError PermissionDenied(string message) => new(403, "PERMISSION_DENIED", message);

    public static GoogleError Unauthenticated() => new(401, "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid " +
        "authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.");
}
