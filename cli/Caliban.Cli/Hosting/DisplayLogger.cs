using Caliban.Cli.Output;
using Microsoft.Build.Framework;

namespace Caliban.Cli.Hosting;

/// <summary>Forwards MSBuild's events to the people-facing display and remembers the error codes (for the exit code).</summary>
/// <remarks>With <paramref name="quiet"/> (when MSBuild's own console logger shows everything) it only remembers.</remarks>
internal sealed class DisplayLogger(IBuildDisplay display, bool quiet) : ILogger
{
    private readonly List<string> _errorCodes = [];

    public LoggerVerbosity Verbosity { get; set; } = LoggerVerbosity.Normal;
    public string? Parameters { get; set; }

    public IReadOnlyList<string> ErrorCodes
    {
        get { lock (_errorCodes) return _errorCodes.ToArray(); }
    }

    public void Initialize(IEventSource eventSource)
    {
        eventSource.ErrorRaised += (_, e) =>
        {
            lock (_errorCodes) _errorCodes.Add(e.Code ?? "");
            if (!quiet) display.Error(e.Code, e.Message ?? "");
        };
        if (quiet) return;
        eventSource.WarningRaised += (_, e) => display.Warning(e.Code, e.Message ?? "");
        eventSource.TargetStarted += (_, e) => display.Step(e.TargetName);
        eventSource.MessageRaised += (_, e) =>
        {
            // Task messages only: MSBuild's own (evaluation, target skipping) stay in -v output.
            if (e is TaskCommandLineEventArgs || e.Message is null || e.SenderName is "MSBuild") return;
            if (e.Importance == MessageImportance.High) display.Message(e.Message, important: true);
            else if (e.Importance == MessageImportance.Normal) display.Message(e.Message, important: false);
        };
    }

    public void Shutdown()
    {
    }
}
