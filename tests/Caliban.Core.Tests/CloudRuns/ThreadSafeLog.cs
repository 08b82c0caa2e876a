using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.CloudRuns;

/// <summary>Keeps what Core wrote to the log, from any thread, for assertions.</summary>
internal sealed class ThreadSafeLog : ICalibanLog
{
    private readonly List<string> _info = [];
    private readonly List<string> _details = [];

    public IReadOnlyList<string> Infos { get { lock (_info) return _info.ToArray(); } }
    public IReadOnlyList<string> Details { get { lock (_details) return _details.ToArray(); } }

    public void Info(string message) { lock (_info) _info.Add(message); }
    public void Detail(string message) { lock (_details) _details.Add(message); }
    public void Warning(string code, string message, string? file = null) { lock (_info) _info.Add($"warning {code}: {message}"); }
}
