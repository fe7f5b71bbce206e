using System.Buffers;
using System.Diagnostics;
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
                if (progress.Faulted || !ConsumeStraddling(ref parser, ref buffer, ref offset, needed, ref scratch, ref sink, ref progress))
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
                if (buffer.IsEmpty)
                {
                    reader.AdvanceTo(buffer.End);
                    return progress.Completed();
                }

                // Copy what the parser needs to explain the truncation before the buffer goes back to the pipe.
                Span<byte> head = stackalloc byte[RecordParsing.TruncationHeadLength];
                int headLength = (int)Math.Min(buffer.Length, head.Length);
                buffer.Slice(0, headLength).CopyTo(head);
                long remaining = buffer.Length;
                reader.AdvanceTo(buffer.End);
                string reason = parser.DescribeTruncation(head[..headLength], remaining);
                return Failure(progress, path, offset, reason, compressed);
            }

            // Nothing more can be parsed from what is buffered: keep it and wait for more.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>
    /// Parses the record at the start of <paramref name="buffer"/>, which straddles a segment boundary, from a
    /// contiguous copy once all of it is here. A copy of only its header tells the parser how long the whole
    /// record is, so the parser is asked again with that many bytes until it takes the record.
    /// </summary>
    /// <returns>Whether the record was taken; <see langword="false"/> when more input is needed or on damage.</returns>
    private static bool ConsumeStraddling<TParser, TSink>(ref TParser parser, ref ReadOnlySequence<byte> buffer, ref long offset, int needed, ref byte[] scratch, ref TSink sink, ref ReadProgress progress)
        where TParser : struct, IRecordParser
        where TSink : struct, IFrameSink
    {
        while (buffer.Length >= needed)
        {
            if (scratch.Length < needed)
            {
                scratch = new byte[Math.Max(needed, Math.Min(2 * scratch.Length, int.MaxValue / 2))];
            }

            buffer.Slice(0, needed).CopyTo(scratch);
            int consumed = parser.Consume(scratch.AsSpan(0, needed), offset, ref sink, ref progress, out int wholeRecord);
            if (progress.Faulted)
            {
                return false;
            }

            if (consumed > 0)
            {
                buffer = buffer.Slice(consumed);
                offset += consumed;
                return true;
            }

            // Every pass asks for more bytes than the last, so this ends.
            Debug.Assert(wholeRecord > needed, "a parser that takes nothing must ask for more than it was given");
            needed = wholeRecord;
        }

        return false;
    }

    private static ReadResult ReadSynchronously(PipeReader reader)
    {
        ValueTask<ReadResult> pending = reader.ReadAsync();
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private static CaptureReadResult Failure(in ReadProgress progress, string path, long offset, string reason, bool compressed) =>
        progress.Damaged(path, offset, compressed ? reason + " (offset in the uncompressed stream)" : reason);
}
