using Caliban.Core.Diagnostics;
using Caliban.Core.Vertex;

namespace Caliban.Core.Tests.Vertex;

public sealed class VertexErrorsTests
{
    public static TheoryData<int?, string?, string, string> Cases => new()
    {
        { 400, "INVALID_ARGUMENT", ErrorCodes.VertexInvalidArgument, "Vertex AI rejected the request while creating job 1: INVALID_ARGUMENT: google says" },
        { 400, "FAILED_PRECONDITION", ErrorCodes.VertexFailedPrecondition, "not in a state that allows it" },
        { 401, "UNAUTHENTICATED", ErrorCodes.VertexUnauthenticated, "gcloud auth application-default login" },
        { 403, "PERMISSION_DENIED", ErrorCodes.VertexPermissionDenied, "roles/aiplatform.user" },
        { 404, "NOT_FOUND", ErrorCodes.VertexNotFound, "CalibanCloudProject and CalibanCloudRegion" },
        { 429, "RESOURCE_EXHAUSTED", ErrorCodes.VertexQuotaExhausted, "quota is exhausted" },
        { 503, "UNAVAILABLE", ErrorCodes.VertexUnavailable, "unavailable while creating job 1, even after retries" },
        { 500, "INTERNAL", ErrorCodes.VertexUnavailable, "Try again later" },
        { null, "DEADLINE_EXCEEDED", ErrorCodes.VertexUnavailable, "CalibanVertexEndpoint" },
        { 409, "ALREADY_EXISTS", ErrorCodes.VertexRequestFailed, "answered HTTP 409 while creating job 1: ALREADY_EXISTS: google says" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_failure_maps_to_its_code_with_Googles_message_and_the_fix(int? http, string? status, string code, string expected)
    {
        var error = new VertexApiException(http, status, "google says", GoogleErrors.IsTransientStatus(http ?? 503));

        var user = VertexErrors.ToCalibanException(error, "creating job 1");

        Assert.Equal(code, user.Code);
        Assert.Contains(expected, user.Message);
        Assert.Contains("google says", user.Message);
        Assert.Same(error, user.InnerException);
    }

    [Fact]
    public void Unauthenticated_names_every_way_to_give_credentials_and_where_the_token_came_from()
    {
        var user = VertexErrors.ToCalibanException(new VertexApiException(401, "UNAUTHENTICATED", "bad token", false), "listing jobs", "CALIBAN_GOOGLE_ACCESS_TOKEN");

        Assert.Contains("from CALIBAN_GOOGLE_ACCESS_TOKEN", user.Message);
        Assert.Contains("CalibanCloudKeyFile", user.Message);
        Assert.Contains("gcloud auth application-default login", user.Message);
    }

    [Fact]
    public void Permission_denied_says_how_to_enable_the_api()
    {
        var user = VertexErrors.ToCalibanException(new VertexApiException(403, "PERMISSION_DENIED", "denied", false), "creating job 2");

        Assert.Contains("gcloud services enable aiplatform.googleapis.com", user.Message);
    }

    [Fact]
    public void Google_error_bodies_are_parsed_and_other_bodies_kept_short()
    {
        var google = GoogleErrors.FromAnswer(400, """{"error":{"code":400,"message":"Bad label.","status":"INVALID_ARGUMENT","details":[{"@type":"x"}]}}""");
        var html = GoogleErrors.FromAnswer(502, "<html>" + new string('x', 1000) + "</html>", TimeSpan.FromSeconds(3));
        var empty = GoogleErrors.FromAnswer(404, "");

        Assert.Equal((400, "INVALID_ARGUMENT", "Bad label.", false), (google.HttpStatus, google.Status, google.Message, google.IsTransient));
        Assert.Equal(("UNAVAILABLE", true), (html.Status, html.IsTransient));
        Assert.StartsWith("HTTP 502: <html>", html.Message);
        Assert.True(html.Message.Length < 320);
        Assert.Equal(TimeSpan.FromSeconds(3), html.RetryAfter);
        Assert.Equal(("NOT_FOUND", "HTTP 404 with no message"), (empty.Status, empty.Message));
    }

    [Fact]
    public void The_console_url_names_region_job_and_project()
    {
        Assert.Equal("https://console.cloud.google.com/vertex-ai/locations/europe-west4/training/1234/cpu?project=987",
            VertexConsole.JobUrl("projects/987/locations/europe-west4/customJobs/1234"));
        Assert.Throws<ArgumentException>(() => VertexConsole.JobUrl("projects/987/locations/europe-west4"));
    }

    [Fact]
    public void The_endpoint_is_regional_unless_overridden()
    {
        Assert.Equal(new Uri("https://europe-west4-aiplatform.googleapis.com/"), VertexEndpoint.Resolve("europe-west4", null));
        Assert.Equal(new Uri("http://127.0.0.1:5000/prefix/"), VertexEndpoint.Resolve("us-central1", "http://127.0.0.1:5000/prefix"));
        Assert.Equal(ErrorCodes.VertexEndpointInvalid, Assert.Throws<CalibanException>(() => VertexEndpoint.Resolve("us-central1", "127.0.0.1:5000")).Code);
        var region = Assert.Throws<CalibanException>(() => VertexEndpoint.Resolve("evil.com/x", null));
        Assert.Equal(ErrorCodes.VertexEndpointInvalid, region.Code);
        Assert.Contains("CalibanCloudRegion", region.Message);
    }
}
