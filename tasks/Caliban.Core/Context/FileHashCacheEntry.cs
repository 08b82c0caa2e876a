namespace Caliban.Core.Context;

/// <summary>What <see cref="FileHashCache"/> knows about one file at one (length, modification time).</summary>
internal sealed record FileHashCacheEntry(long Length, long LastWriteTicks, string? Sha256, bool? IsCredentialJson)
{
    public static FileHashCacheEntry For(ContextFile file) => new(file.Length, file.LastWriteTimeUtc.Ticks, null, null);

    public bool Describes(ContextFile file) => Length == file.Length && LastWriteTicks == file.LastWriteTimeUtc.Ticks;
}
