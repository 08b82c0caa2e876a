using System.IO.Pipelines;

namespace Caliban.Core.Context;

/// <summary>The reading end of <see cref="ContextTar.OpenReadStream"/>: reads from the pipe, and stops the writer when disposed.</summary>
internal sealed class ContextTarReadStream : Stream
{
    private readonly PipeReader _reader;
    private readonly Stream _inner;
    private readonly Task _writing;
    private readonly CancellationTokenSource _stopWriting;
    private bool _disposed;

    public ContextTarReadStream(PipeReader reader, Task writing, CancellationTokenSource stopWriting)
    {
        _reader = reader;
        _inner = reader.AsStream(leaveOpen: true);
        _writing = writing;
        _stopWriting = stopWriting;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (StopWriting())
        {
            await _writing.ConfigureAwait(false); // never faults: the writer hands its errors to the pipe
            _stopWriting.Dispose();
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && StopWriting())
        {
            _writing.GetAwaiter().GetResult();
            _stopWriting.Dispose();
        }

        base.Dispose(disposing);
    }

    // Waiting for the writer after stopping it releases its open file before the caller moves on.
    private bool StopWriting()
    {
        if (_disposed)
        {
            return false;
        }

        _disposed = true;
        _stopWriting.Cancel();
        _reader.Complete();
        return true;
    }
}
