using Caliban.Core.Diagnostics;

namespace Caliban.Core.Vertex;

/// <summary>Vertex AI failures as user-facing errors: Google's own message, and what to do about it.</summary>
public static class VertexErrors
{
    /// <param name="what">The operation, as a phrase that follows "while": e.g. "creating job 3 (exp-3) in projects/p/locations/us-central1".</param>
    /// <param name="credentials">Where the token came from (<see cref="Google.IAccessTokenSource.Description"/>), named on 401.</param>
    public static CalibanException ToCalibanException(VertexApiException ex, string what, string? credentials = null)
    {
        var google = ex.Status is null ? ex.Message : $"{ex.Status}: {ex.Message}";
        var (code, message) = (ex.HttpStatus, ex.Status) switch
        {
            (400, "FAILED_PRECONDITION") => (ErrorCodes.VertexFailedPrecondition,
                $"Vertex AI refused while {what}, because the job is not in a state that allows it ({google})."),
            (400, _) => (ErrorCodes.VertexInvalidArgument,
                $"Vertex AI rejected the request while {what}: {google}"),
            (401, _) => (ErrorCodes.VertexUnauthenticated,
                $"Vertex AI did not accept the credentials{From(credentials)} while {what} ({google}). They are missing, expired or revoked: " +
                "run `gcloud auth application-default login`, point CalibanCloudKeyFile at a service-account key file, " +
                "or set CALIBAN_GOOGLE_ACCESS_TOKEN to a fresh token (`gcloud auth print-access-token`)."),
            (403, _) => (ErrorCodes.VertexPermissionDenied,
                $"Vertex AI denied permission while {what} ({google}). The account needs the role roles/aiplatform.user on the project " +
                "(`gcloud projects add-iam-policy-binding PROJECT --member=user:YOU --role=roles/aiplatform.user`), and the Vertex AI API " +
                "must be enabled (`gcloud services enable aiplatform.googleapis.com`). Check CalibanCloudProject names the right project."),
            (404, _) => (ErrorCodes.VertexNotFound,
                $"Vertex AI found nothing while {what} ({google}). Check CalibanCloudProject and CalibanCloudRegion, " +
                "and that the job still exists (jobs deleted in the console are gone)."),
            (429, _) => (ErrorCodes.VertexQuotaExhausted,
                $"Vertex AI quota is exhausted while {what}, even after retries ({google}). Wait and try again, lower CalibanSubmitParallel, " +
                "or ask for more quota: https://console.cloud.google.com/iam-admin/quotas"),
            (null, _) or ( >= 500, _) => (ErrorCodes.VertexUnavailable,
                $"Vertex AI was unavailable while {what}, even after retries ({google}). Try again later; " +
                "check your network, or CalibanVertexEndpoint if it is set."),
            _ => (ErrorCodes.VertexRequestFailed,
                $"Vertex AI answered HTTP {ex.HttpStatus} while {what}: {google}"),
        };
        return new CalibanException(code, message, inner: ex);
    }

    private static string From(string? credentials) => string.IsNullOrEmpty(credentials) ? "" : $" from {credentials}";
}
