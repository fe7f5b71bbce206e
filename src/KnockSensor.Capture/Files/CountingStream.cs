namespace KnockSensor.Capture.Files;

/// <summary>
/// A read-only pass-through that counts the bytes read from the stream it wraps, so progress can be shown in
/// terms of the input (the compressed file for gzip, the bytes taken from stdin) while another layer parses.
/// </summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _bytesRead;

    /// <summary>Bytes read so far; safe to read from another thread.</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    // Not an async method: a read that completes at once (a file, a memory stream, data already in the pipe)
    // must not allocate a state machine, which Debug builds do for every call.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ValueTask<int> pending = inner.ReadAsync(buffer, cancellationToken);
        return pending.IsCompletedSuccessfully ? new ValueTask<int>(Count(pending.Result)) : CountWhenDone(pending);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> CountWhenDone(ValueTask<int> pending) => Count(await pending.ConfigureAwait(false));

    private int Count(int read)
    {
        // Only this stream's reader writes the count; the volatile write publishes it to a progress thread.
        Volatile.Write(ref _bytesRead, _bytesRead + read);
        return read;
    }
}
