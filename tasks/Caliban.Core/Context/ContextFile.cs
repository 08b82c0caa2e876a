namespace Caliban.Core.Context;

/// <summary>
/// A file of the image build context. <paramref name="RelativePath"/> uses forward slashes and is relative to the
/// project directory; for a symlinked file, the length, time and mode are the target's.
/// </summary>
public sealed record ContextFile(string RelativePath, string FullPath, long Length, DateTime LastWriteTimeUtc, bool IsExecutable);
