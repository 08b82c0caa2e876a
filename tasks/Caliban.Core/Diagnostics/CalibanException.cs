namespace Caliban.Core.Diagnostics;

/// <summary>
/// A user-facing failure: a code from <see cref="ErrorCodes"/>, a message that names the file or property at fault
/// and the fix, and optionally the file it is about. Tasks log these without a stack trace.
/// </summary>
public sealed class CalibanException : Exception
{
    public CalibanException(string code, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
    }

    public string Code { get; }

    /// <summary>The file the error is about, when there is one (shown by MSBuild as the error's location).</summary>
    public string? File { get; }

    public override string ToString() => $"{Code}: {Message}";
}
