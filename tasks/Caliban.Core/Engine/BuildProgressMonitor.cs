using System.Text.RegularExpressions;
using Docker.DotNet.Models;

namespace Caliban.Core.Engine;

/// <summary>
/// Follows the classic builder's message stream: reports steps and output lines to the observer as they arrive,
/// counts cached steps, and remembers the image id and the first error. Synchronous on purpose: System.Progress
/// posts to the thread pool and reorders messages.
/// </summary>
internal sealed partial class BuildProgressMonitor(IImageBuildObserver observer) : IProgress<JSONMessage>
{
    private const int TailLength = 20;
    private readonly OutputLineAssembler assembler = new();
    private readonly Queue<string> stepTail = new();
    private readonly List<string> instructions = [];

    /// <summary>Number of the step running now (0 before the first).</summary>
    public int Step { get; private set; }

    public int TotalSteps { get; private set; }

    public string? Instruction { get; private set; }

    /// <summary>Every step instruction seen so far, in order.</summary>
    public IReadOnlyList<string> Instructions => instructions;

    public int CachedSteps { get; private set; }

    /// <summary>The image id from the engine's closing aux message, if it sent one.</summary>
    public string? ImageId { get; private set; }

    /// <summary>The engine's error message; the build failed when this is set.</summary>
    public string? Error { get; private set; }

    /// <summary>The last lines the current step's command printed, for error messages.</summary>
    public IReadOnlyList<string> StepTail => [.. stepTail];

    public void Report(JSONMessage message)
    {
        if (message.Stream is { Length: > 0 } chunk)
        {
            foreach (var line in assembler.Append(chunk))
            {
                OnLine(line);
            }
        }

        // Pull progress ticks arrive many times a second; the status changes ("Pull complete") are what matter.
        if (message.Status is { Length: > 0 } status && message.Progress is not ({ Current: > 0 } or { Total: > 0 }))
        {
            OnLine(message.ID is { Length: > 0 } id ? $"{id}: {status}" : status);
        }

        if (message.Aux?.ExtensionData is { } aux && aux.TryGetValue("ID", out var imageId) && imageId?.ToString() is { Length: > 0 } idText)
        {
            ImageId = idText;
        }

        if (message.Error is { } error)
        {
            Complete();
            Error ??= string.IsNullOrWhiteSpace(error.Message) ? "the engine reported an error without a message" : error.Message.Trim();
        }
    }

    /// <summary>Reports a trailing line that had no newline.</summary>
    public void Complete()
    {
        foreach (var line in assembler.Flush())
        {
            OnLine(line);
        }
    }

    private void OnLine(string line)
    {
        var step = StepLine().Match(line);
        if (step.Success)
        {
            Step = int.Parse(step.Groups["number"].ValueSpan);
            TotalSteps = int.Parse(step.Groups["total"].ValueSpan);
            Instruction = step.Groups["instruction"].Value;
            instructions.Add(Instruction);
            stepTail.Clear();
            observer.OnStep(Step, TotalSteps, Instruction);
            return;
        }

        if (line.Trim() == "---> Using cache")
        {
            CachedSteps++;
        }

        // The builder's own bookkeeping (" ---> Running in …", "Removing intermediate container …") says nothing about a failure.
        if (!line.StartsWith(" ---> ", StringComparison.Ordinal) && !line.StartsWith("Removing intermediate container", StringComparison.Ordinal))
        {
            if (stepTail.Count == TailLength)
            {
                stepTail.Dequeue();
            }

            stepTail.Enqueue(line);
        }

        observer.OnOutput(line);
    }

    [GeneratedRegex(@"^Step (?<number>\d+)/(?<total>\d+) : (?<instruction>.*)$")]
    private static partial Regex StepLine();
}
