using System.Diagnostics;
using Caliban.Core.Execution;

namespace Caliban.Core.Tests.Execution;

/// <summary>Records every observer call with the time it happened (thread-safe), and tracks how many jobs run at once.</summary>
internal sealed class RecordingRunObserver : ILocalRunObserver
{
    private readonly Lock gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int running;

    public List<(TimeSpan At, string Event, LocalJob Job, string? Text)> Events { get; } = [];

    public int MaxRunning { get; private set; }

    /// <summary>Set once <see cref="StartedCount"/> jobs reached JobStarted; lets a test act while jobs run.</summary>
    public TaskCompletionSource AllStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int StartedCount { get; init; } = int.MaxValue;

    public IReadOnlyList<string> Lines(LocalJob job)
    {
        lock (gate)
        {
            return [.. Events.Where(e => e.Event == "output" && e.Job == job).Select(e => e.Text!)];
        }
    }

    public TimeSpan At(string @event, LocalJob job, string? text = null)
    {
        lock (gate)
        {
            return Events.Single(e => e.Event == @event && e.Job == job && (text is null || e.Text == text)).At;
        }
    }

    public void JobStarting(LocalJob job)
    {
        lock (gate)
        {
            Add("starting", job, null);
            MaxRunning = Math.Max(MaxRunning, ++running);
        }
    }

    public void JobStarted(LocalJob job, string containerId, string logPath)
    {
        lock (gate)
        {
            Add("started", job, containerId);
            if (Events.Count(e => e.Event == "started") == StartedCount)
            {
                AllStarted.SetResult();
            }
        }
    }

    public void JobOutput(LocalJob job, string line)
    {
        lock (gate)
        {
            Add("output", job, line);
        }
    }

    public void JobFinished(LocalJob job, LocalJobResult result)
    {
        lock (gate)
        {
            if (Events.Any(e => e.Event == "starting" && e.Job == job))
            {
                running--;
            }

            Add("finished", job, result.Outcome.ToString());
        }
    }

    private void Add(string @event, LocalJob job, string? text) => Events.Add((clock.Elapsed, @event, job, text));
}
