using Caliban.Core.Engine;

namespace Caliban.Core.Tests.Engine;

/// <summary>Remembers what a build reported, in order, and lets a test act when a step starts.</summary>
internal sealed class RecordingBuildObserver(Action<int, string>? onStep = null) : IImageBuildObserver
{
    public List<(int Number, int Total, string Instruction)> Steps { get; } = [];

    public List<string> Output { get; } = [];

    public void OnStep(int number, int total, string instruction)
    {
        Steps.Add((number, total, instruction));
        onStep?.Invoke(number, instruction);
    }

    public void OnOutput(string line) => Output.Add(line);
}
