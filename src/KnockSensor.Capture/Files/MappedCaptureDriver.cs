namespace KnockSensor.Capture.Files;

/// <summary>
/// Feeds a memory-mapped capture to a record parser in windows of about <see cref="WindowLength"/> bytes. Offsets
/// are 64-bit and a span is made only per window, so files larger than 2 GiB read like any other.
/// </summary>
internal static class MappedCaptureDriver
{
    /// <summary>Bytes handed to the parser at once; also how often progress is published.</summary>
    public const int WindowLength = 1 << 20;

    public static unsafe CaptureReadResult Read<TParser, TSink>(byte* start, long length, string path, ref long bytesConsumed, ref TSink sink)
        where TParser : struct, IRecordParser
        where TSink : struct, IFrameSink
    {
        var parser = default(TParser);
        var progress = default(ReadProgress);
        long offset = 0;
        int needed = 0;
        // The file holds at least a magic number (Open checked), so the loop runs at least once and every pass
        // either consumes a record, grows the window to the record's size, or ends the read.
        while (offset < length)
        {
            long remaining = length - offset;

            // A record larger than the usual window gets a window of its own size.
            int window = (int)Math.Min(remaining, Math.Max(WindowLength, needed));
            int consumed = parser.Consume(new ReadOnlySpan<byte>(start + offset, window), offset, ref sink, ref progress, out needed);
            offset += consumed;
            Volatile.Write(ref bytesConsumed, offset);
            if (progress.Faulted)
            {
                return progress.Damaged(path, progress.FaultOffset, progress.FaultReason!);
            }

            if (offset < length && length - offset < needed)
            {
                int headLength = (int)Math.Min(length - offset, RecordParsing.TruncationHeadLength);
                string reason = parser.DescribeTruncation(new ReadOnlySpan<byte>(start + offset, headLength), length - offset);
                return progress.Damaged(path, offset, reason);
            }
        }

        return progress.Completed();
    }
}
