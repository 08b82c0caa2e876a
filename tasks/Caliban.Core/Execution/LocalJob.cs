namespace Caliban.Core.Execution;

/// <summary>One job of a local run: its index in the experiment, a display name, and the arguments for the image's entry point.</summary>
/// <param name="Index">Unique within a run; names the container and labels it (<c>build.caliban.job-index</c>).</param>
public sealed record LocalJob(int Index, string Name, IReadOnlyList<string> Arguments)
{
    /// <summary>The log's file name in the run's log directory; default <see cref="LocalJobRunner.DefaultLogFileName"/>.</summary>
    public string? LogFileName { get; init; }

    /// <summary>Labels for this job's container alone (e.g. its experiment and history ids), besides the run's.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
