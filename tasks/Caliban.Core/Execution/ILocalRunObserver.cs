namespace Caliban.Core.Execution;

/// <summary>
/// Hears how each job of a local run progresses. With MaxParallel above 1 the methods are called from several threads
/// at once (one job's calls are always in order: starting, started, output lines, finished); an implementation that
/// writes to one console or store must serialize itself. Keep the methods quick: output is read while they run.
/// </summary>
public interface ILocalRunObserver
{
    /// <summary>The job's turn has come; its container is about to be created.</summary>
    void JobStarting(LocalJob job);

    /// <summary>The job's container runs; its output also goes to <paramref name="logPath"/>.</summary>
    void JobStarted(LocalJob job, string containerId, string logPath);

    /// <summary>One line of the job's stdout or stderr, without its line ending.</summary>
    void JobOutput(LocalJob job, string line);

    /// <summary>The job is over and its container removed; called once for every job, also those that never started.</summary>
    void JobFinished(LocalJob job, LocalJobResult result);
}
