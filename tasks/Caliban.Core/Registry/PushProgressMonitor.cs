using Docker.DotNet.Models;

namespace Caliban.Core.Registry;

/// <summary>
/// Follows the engine's push stream: counts layers uploaded and already present, remembers the aux Digest and the
/// first error. Push errors arrive here with HTTP 200, never as exceptions. Synchronous, as System.Progress reorders.
/// </summary>
internal sealed class PushProgressMonitor(Action<string> detail) : IProgress<JSONMessage>
{
    private readonly HashSet<string> uploaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> present = new(StringComparer.Ordinal);

    public string? Digest { get; private set; }

    public string? Error { get; private set; }

    public int LayersUploaded => uploaded.Count;

    public int LayersPresent => present.Count;

    public void Report(JSONMessage message)
    {
        if (message.Error is { } error)
        {
            Error ??= string.IsNullOrWhiteSpace(error.Message) ? "the engine reported an error without a message" : error.Message.Trim();
        }

        if (message.Aux?.ExtensionData is { } aux && aux.TryGetValue("Digest", out var digest) && digest?.ToString() is { Length: > 0 } text)
        {
            Digest = text;
        }

        // Upload ticks arrive many times a second; only the changes of state are worth a line.
        if (message.Status is not { Length: > 0 } status || message.Progress is { Current: > 0 } or { Total: > 0 })
        {
            return;
        }

        var layer = message.ID ?? "";
        if (status == "Pushed")
        {
            uploaded.Add(layer);
        }
        else if (status == "Layer already exists" || status.StartsWith("Mounted from", StringComparison.Ordinal))
        {
            present.Add(layer);
        }

        detail(layer.Length > 0 ? $"{layer}: {status}" : status);
    }
}
