using Caliban.Core.Diagnostics;

namespace Caliban.Core.Tests.Context;

/// <summary>An <see cref="ICalibanLog"/> that keeps everything for assertions.</summary>
internal sealed class CapturingLog : ICalibanLog
{
    public List<string> Infos { get; } = [];

    public List<string> Details { get; } = [];

    public List<(string Code, string Message, string? File)> Warnings { get; } = [];

    public void Info(string message) => Infos.Add(message);

    public void Detail(string message) => Details.Add(message);

    public void Warning(string code, string message, string? file = null) => Warnings.Add((code, message, file));
}
