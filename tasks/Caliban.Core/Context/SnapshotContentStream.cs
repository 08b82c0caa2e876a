namespace Caliban.Core.Context;

/// <summary>
/// A context file's content cut to the length it had when collected. TarWriter copies until end of file after writing
/// the size header, so a log growing during the build would otherwise corrupt the archive; a file that shrank cannot
/// be sent faithfully and fails the build instead.
/// </summary>
internal sealed class SnapshotContentStream(FileStream file, ContextFile snapshot) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true; // TarWriter reads Length up front only from seekable streams

    public override bool CanWrite => false;

    public override long Length => snapshot.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var slice = Limit(buffer.Length);
        return Advance(slice == 0 ? 0 : file.Read(buffer[..slice]), slice);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var slice = Limit(buffer.Length);
        return Advance(slice == 0 ? 0 : await file.ReadAsync(buffer[..slice], cancellationToken).ConfigureAwait(false), slice);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await file.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Limit(int requested) => (int)Math.Min(requested, snapshot.Length - _position);

    private int Advance(int read, int requested)
    {
        if (read == 0 && requested > 0)
        {
            throw ContextErrors.ShrankWhileSending(snapshot.RelativePath, snapshot.FullPath);
        }

        _position += read;
        return read;
    }
}
