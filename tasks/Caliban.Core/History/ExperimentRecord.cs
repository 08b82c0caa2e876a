namespace Caliban.Core.History;

/// <summary>One experiment of a group: a container spec run with one list of arguments.</summary>
public sealed record ExperimentRecord(
    long Id,
    long GroupId,
    long ContainerSpecId,
    string Name,
    IReadOnlyList<string> Arguments,
    DateTime Created);
