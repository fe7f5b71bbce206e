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

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

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

    private int Count(int read)
    {
        // Only this stream's reader writes the count; the volatile write publishes it to a progress thread.
        Volatile.Write(ref _bytesRead, _bytesRead + read);
        return read;
    }
}
