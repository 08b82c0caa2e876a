using Caliban.Core.Google;
using Caliban.Core.Vertex;

namespace Caliban.Core.CloudRuns;

/// <summary>
/// Vertex AI clients for one command, one per endpoint. The endpoint is CalibanVertexEndpoint when set, else the one a
/// job was submitted to, else its region's; the token comes from CALIBAN_GOOGLE_ACCESS_TOKEN, CalibanCloudKeyFile or
/// Application Default Credentials, looked up only when a client is first needed.
/// </summary>
public sealed class VertexClients(string? endpointOverride, string? keyFile) : IDisposable
{
    private readonly Dictionary<Uri, VertexJobsClient> _clients = [];
    private IAccessTokenSource? _tokens;

    public IAccessTokenSource Tokens => _tokens ??= GoogleAccessTokens.Create(keyFile);

    public VertexJobsClient For(string region, string? recordedEndpoint = null)
    {
        var endpoint = !string.IsNullOrWhiteSpace(endpointOverride) ? endpointOverride : recordedEndpoint;
        var baseUrl = VertexEndpoint.Resolve(region, endpoint);
        lock (_clients)
        {
            if (!_clients.TryGetValue(baseUrl, out var client))
                _clients[baseUrl] = client = new VertexJobsClient(baseUrl, Tokens);
            return client;
        }
    }

    public VertexJobsClient For(VertexJobDetails details) => For(details.Region, details.Endpoint);

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
