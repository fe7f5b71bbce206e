using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace KnockSensor.Capture.Files;

/// <summary>
/// Feeds a regular file to a record parser through one reusable buffer filled by positional reads. The parser sees
/// exactly the spans the memory-mapped driver would give it (same starts, same lengths), so the two paths share
/// every parsing decision; only where the bytes live differs.
/// </summary>
internal static class BufferedCaptureDriver
{
    /// <summary>Bytes read at once; also how often progress is published.</summary>
    public const int BufferLength = MappedCaptureDriver.WindowLength;

    public static CaptureReadResult Read<TParser, TSink>(SafeFileHandle file, long length, string path, ref long bytesConsumed, ref TSink sink)
        where TParser : struct, IRecordParser
        where TSink : struct, IFrameSink
    {
        var parser = default(TParser);
        var progress = default(ReadProgress);
        // Pooled, so reading a directory of captures does not allocate a buffer per file.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferLength);
        try
        {
            return Read<TParser, TSink>(file, length, path, ref bytesConsumed, ref sink, ref parser, ref progress, ref buffer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static CaptureReadResult Read<TParser, TSink>(SafeFileHandle file, long length, string path, ref long bytesConsumed, ref TSink sink, ref TParser parser, ref ReadProgress progress, ref byte[] buffer)
        where TParser : struct, IRecordParser
        where TSink : struct, IFrameSink
    {
        long offset = 0;
        int filled = 0;
        int needed = 0;
        while (offset < length)
        {
            // A record larger than the usual buffer gets a buffer of its own size (the parsers bound record sizes).
            int window = (int)Math.Min(length - offset, Math.Max(BufferLength, needed));
            if (window > buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(window);
                buffer.AsSpan(0, filled).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            while (filled < window)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(filled, window - filled), offset + filled);
                if (read == 0)
                {
                    // The file shrank while being read: what is there now is the whole input.
                    length = offset + filled;
                    window = filled;
                    break;
                }

                filled += read;
            }

            int consumed = parser.Consume(new ReadOnlySpan<byte>(buffer, 0, window), offset, ref sink, ref progress, out needed);
            offset += consumed;
            Volatile.Write(ref bytesConsumed, offset);
            if (progress.Faulted)
            {
                return progress.Damaged(path, progress.FaultOffset, progress.FaultReason!);
            }

            // Keep the unparsed tail at the start of the buffer; Span.CopyTo handles the overlap.
            filled -= consumed;
            buffer.AsSpan(consumed, filled).CopyTo(buffer);
            if (offset < length && length - offset < needed)
            {
                // The record may straddle the buffer's end: read the same head the mapped driver would see.
                int headLength = (int)Math.Min(length - offset, RecordParsing.TruncationHeadLength);
                while (filled < headLength)
                {
                    int read = RandomAccess.Read(file, buffer.AsSpan(filled, headLength - filled), offset + filled);
                    if (read == 0)
                    {
                        headLength = filled;
                        break;
                    }

                    filled += read;
                }

                string reason = parser.DescribeTruncation(new ReadOnlySpan<byte>(buffer, 0, headLength), length - offset);
                return progress.Damaged(path, offset, reason);
            }
        }

        return progress.Completed();
    }
}
