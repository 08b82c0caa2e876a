namespace Caliban.Core.Experiments;

/// <summary>One job to run: its 0-based position, a unique readable name and the full program arguments.</summary>
public sealed record PlannedJob(int Index, string Name, IReadOnlyList<string> Arguments)
{
    public bool Equals(PlannedJob? other) =>
        other is not null && Index == other.Index && Name == other.Name && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Index, Name, Arguments.Count);

    public override string ToString() => $"PlannedJob {{ {Index} {Name}: {string.Join(' ', Arguments)} }}";
}
