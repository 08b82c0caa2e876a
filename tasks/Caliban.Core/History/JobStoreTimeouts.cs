namespace Caliban.Core.History;

/// <summary>How long a write waits for other writers: SQLite's own busy wait per attempt, and the budget over all attempts.</summary>
internal sealed record JobStoreTimeouts(TimeSpan BusyTimeout, TimeSpan LockBudget)
{
    // Writes take milliseconds; waiting 30 s means something holds the file in a long transaction.
    public static readonly JobStoreTimeouts Default = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
}
