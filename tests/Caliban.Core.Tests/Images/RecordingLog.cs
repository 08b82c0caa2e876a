using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Images;

/// <summary>An <see cref="ICalibanLog"/> that keeps the warnings it receives.</summary>
internal sealed class RecordingLog : ICalibanLog
{
    public List<(string Code, string Message, string? File)> Warnings { get; } = [];

    public void Info(string message) { }

    public void Detail(string message) { }

    public void Warning(string code, string message, string? file = null) => Warnings.Add((code, message, file));
}
