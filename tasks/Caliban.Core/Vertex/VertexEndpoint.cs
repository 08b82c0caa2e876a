using System.Text.RegularExpressions;
using Caliban.Core.Diagnostics;

namespace Caliban.Core.Vertex;

/// <summary>Where Vertex AI answers: the regional host, or CalibanVertexEndpoint (a proxy, or an emulator in tests).</summary>
public static partial class VertexEndpoint
{
    /// <summary><c>https://{region}-aiplatform.googleapis.com/</c>, or <paramref name="endpointOverride"/> when set.</summary>
    public static Uri Resolve(string region, string? endpointOverride)
    {
        if (!string.IsNullOrWhiteSpace(endpointOverride))
        {
            if (!Uri.TryCreate(endpointOverride.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                throw new CalibanException(ErrorCodes.VertexEndpointInvalid,
                    $"CalibanVertexEndpoint '{endpointOverride}' is not an absolute http:// or https:// URL without a query. " +
                    "Set it to the service's base URL (e.g. https://us-central1-aiplatform.googleapis.com), or leave it empty to use the region's endpoint.");
            return WithTrailingSlash(uri);
        }
        if (!RegionPattern().IsMatch(region ?? ""))
            throw new CalibanException(ErrorCodes.VertexEndpointInvalid,
                $"CalibanCloudRegion '{region}' is not a Google Cloud region name (like us-central1 or europe-west4). " +
                "Set CalibanCloudRegion to the region to run in.");
        return new Uri($"https://{region}-aiplatform.googleapis.com/");
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;

    [GeneratedRegex("^[a-z]+(-[a-z]+)+[0-9]+$")]
    private static partial Regex RegionPattern();
}
