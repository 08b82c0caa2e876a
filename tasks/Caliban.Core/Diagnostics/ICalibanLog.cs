namespace Caliban.Core.Diagnostics;

/// <summary>Where Caliban.Core reports progress: the MSBuild log in tasks, the console in the CLI.</summary>
public interface ICalibanLog
{
    /// <summary>A line a person wants to see at normal verbosity (a step, a summary).</summary>
    void Info(string message);

    /// <summary>A line for detailed verbosity (build output, decisions taken).</summary>
    void Detail(string message);

    void Warning(string code, string message, string? file = null);
}

/// <summary>A log that drops everything; for callers that have nowhere to report.</summary>
public sealed class NullCalibanLog : ICalibanLog
{
    public static readonly NullCalibanLog Instance = new();
    public void Info(string message) { }
    public void Detail(string message) { }
    public void Warning(string code, string message, string? file = null) { }
}
