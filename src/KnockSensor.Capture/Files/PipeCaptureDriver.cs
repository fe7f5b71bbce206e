using System.Buffers;
using System.IO.Pipelines;

namespace KnockSensor.Capture.Files;

/// <summary>
/// Feeds a capture arriving through a <see cref="PipeReader"/> (stdin, gzip) to a record parser, synchronously on
/// the caller's thread. Records inside one pipe segment are parsed in place; only a record that straddles
/// segments is copied, into a scratch buffer reused for the whole read.
/// </summary>
internal static class PipeCaptureDriver
{
    public static CaptureReadResult Read<TParser, TSink>(PipeReader reader, string path, bool compressed, ref TSink sink)
        where TParser : struct, IRecordParser
        where TSink : struct, IFrameSink
    {
        var parser = default(TParser);
        var progress = default(ReadProgress);
        byte[] scratch = [];
        long offset = 0;
        while (true)
        {
            ReadResult result;
            try
            {
                result = ReadSynchronously(reader);
            }
            catch (InvalidDataException exception)
            {
                return Failure(progress, path, offset, $"corrupt gzip data: {exception.Message}", compressed);
            }
            catch (IOException exception)
            {
                return Failure(progress, path, offset, $"read error: {exception.Message}", compressed);
            }

            ReadOnlySequence<byte> buffer = result.Buffer;
            while (!buffer.IsEmpty)
            {
                int consumed = parser.Consume(buffer.FirstSpan, offset, ref sink, ref progress, out int needed);
                buffer = buffer.Slice(consumed);
                offset += consumed;
                if (progress.Faulted || buffer.Length < needed)
                {
                    break;
                }

                // The next record straddles a segment boundary but is all here: parse a contiguous copy of it.
                if (scratch.Length < needed)
                {
                    scratch = new byte[Math.Max(needed, Math.Min(2 * scratch.Length, int.MaxValue / 2))];
                }

                buffer.Slice(0, needed).CopyTo(scratch);
                consumed = parser.Consume(scratch.AsSpan(0, needed), offset, ref sink, ref progress, out _);
                buffer = buffer.Slice(consumed);
                offset += consumed;
                if (progress.Faulted)
                {
                    break;
                }
            }

            if (progress.Faulted)
            {
                reader.AdvanceTo(buffer.Start);
                return Failure(progress, path, progress.FaultOffset, progress.FaultReason!, compressed);
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    return new CaptureReadResult(progress.Frames, progress.CapturedBytes, null);
                }

                Span<byte> head = stackalloc byte[RecordParsing.TruncationHeadLength];
                int headLength = (int)Math.Min(buffer.Length, head.Length);
                buffer.Slice(0, headLength).CopyTo(head);
                string reason = parser.DescribeTruncation(head[..headLength], buffer.Length);
                return Failure(progress, path, offset, reason, compressed);
            }

            // Nothing more can be parsed from what is buffered: keep it and wait for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static ReadResult ReadSynchronously(PipeReader reader)
    {
        ValueTask<ReadResult> pending = reader.ReadAsync();
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private static CaptureReadResult Failure(in ReadProgress progress, string path, long offset, string reason, bool compressed) =>
        new(progress.Frames, progress.CapturedBytes, new CaptureError(path, offset, compressed ? reason + " (offset in the uncompressed stream)" : reason));
}
