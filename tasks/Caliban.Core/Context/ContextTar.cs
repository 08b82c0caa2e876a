using System.Formats.Tar;
using System.IO.Pipelines;

namespace Caliban.Core.Context;

/// <summary>
/// Writes the build context as a POSIX tar, streamed file by file. Entries are ustar, or pax when a name is long or
/// not ASCII, or a file is 8 GiB or more; no directory entries; uid/gid 0, no user or group names, mode 0644 or 0755,
/// and the file's modification time in whole seconds (generated files: the Unix epoch), so the same inputs give the
/// same bytes. (.NET names pax header entries after the writing process id, so archives containing pax entries are
/// byte-identical only within one process.)
/// </summary>
public static class ContextTar
{
    private const UnixFileMode RegularMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode ExecutableMode =
        RegularMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const int UstarNameLength = 100;
    private const long UstarMaxSize = 0x1_FFFF_FFFF; // 11 octal digits

    private static readonly PipeOptions PipeOptions = new(
        pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    /// <summary>Writes <paramref name="files"/> in order, then <paramref name="generated"/>, to <paramref name="output"/> (left open).</summary>
    public static async Task WriteAsync(Stream output, IReadOnlyList<ContextFile> files, IReadOnlyList<GeneratedContextFile> generated, CancellationToken ct)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var entry = CreateEntry(file);
            if (file.Length == 0)
            {
                await writer.WriteEntryAsync(entry, ct); // zero-length entries may be FIFOs: never open them
                continue;
            }

            await using var content = OpenContent(file);
            entry.DataStream = content;
            await writer.WriteEntryAsync(entry, ct);
        }

        foreach (var file in generated)
        {
            var entry = CreateEntry(file);
            entry.DataStream = new MemoryStream(file.Content, writable: false);
            await writer.WriteEntryAsync(entry, ct);
        }
    }

    /// <summary>
    /// A read-only stream that produces the tar lazily: a background task writes it into a pipe as the reader drains
    /// it. Errors (e.g. an unreadable file) surface from Read; disposing the stream stops the writer.
    /// </summary>
    public static Stream OpenReadStream(IReadOnlyList<ContextFile> files, IReadOnlyList<GeneratedContextFile> generated, CancellationToken ct)
    {
        var pipe = new Pipe(PipeOptions);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writing = Task.Run(() => ProduceAsync(pipe.Writer, files, generated, stop.Token), CancellationToken.None);
        return new ContextTarReadStream(pipe.Reader, writing, stop);
    }

    /// <summary>The exact number of bytes <see cref="WriteAsync"/> would write, without reading any file.</summary>
    public static long ComputeSize(IReadOnlyList<ContextFile> files, IReadOnlyList<GeneratedContextFile> generated)
    {
        // Running the real writer over placeholder content keeps this exact whatever headers TarWriter chooses.
        var counter = new ByteCountingStream();
        using (var writer = new TarWriter(counter, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = CreateEntry(file);
                entry.DataStream = file.Length == 0 ? null : new PlaceholderContentStream(file.Length);
                writer.WriteEntry(entry);
            }

            foreach (var file in generated)
            {
                var entry = CreateEntry(file);
                entry.DataStream = new PlaceholderContentStream(file.Content.Length);
                writer.WriteEntry(entry);
            }
        }

        return counter.Length;
    }

    private static async Task ProduceAsync(PipeWriter pipe, IReadOnlyList<ContextFile> files, IReadOnlyList<GeneratedContextFile> generated, CancellationToken ct)
    {
        Exception? failure = null;
        try
        {
            await using var output = pipe.AsStream(leaveOpen: true);
            await WriteAsync(output, files, generated, ct);
        }
        catch (Exception e)
        {
            failure = e; // handed to the reader, which rethrows it from Read
        }

        await pipe.CompleteAsync(failure);
    }

    private static PosixTarEntry CreateEntry(ContextFile file) =>
        CreateEntry(file.RelativePath, file.Length, file.IsExecutable, WholeSeconds(file.LastWriteTimeUtc));

    private static PosixTarEntry CreateEntry(GeneratedContextFile file) =>
        CreateEntry(file.RelativePath, file.Content.Length, executable: false, DateTimeOffset.UnixEpoch);

    private static PosixTarEntry CreateEntry(string name, long size, bool executable, DateTimeOffset modified)
    {
        PosixTarEntry entry = FitsUstar(name, size)
            ? new UstarTarEntry(TarEntryType.RegularFile, name)
            : new PaxTarEntry(TarEntryType.RegularFile, name);
        entry.Mode = executable ? ExecutableMode : RegularMode;
        entry.ModificationTime = modified;
        entry.Uid = 0;
        entry.Gid = 0;
        entry.UserName = "";
        entry.GroupName = "";
        return entry;
    }

    private static bool FitsUstar(string name, long size) =>
        name.Length <= UstarNameLength && size <= UstarMaxSize && System.Text.Ascii.IsValid(name) && !name.Contains('\0');

    private static DateTimeOffset WholeSeconds(DateTime utc) =>
        DateTimeOffset.FromUnixTimeSeconds(Math.Max(0, new DateTimeOffset(utc.Ticks, TimeSpan.Zero).ToUnixTimeSeconds()));

    private static SnapshotContentStream OpenContent(ContextFile file)
    {
        try
        {
            return new SnapshotContentStream(new FileStream(file.FullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0, // TarWriter copies in large chunks already
            }), file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ContextErrors.Unreadable(file.RelativePath, file.FullPath, e);
        }
    }
}
