namespace KnockSensor.Capture.Files;

/// <summary>
/// Splits a capture format into self-delimiting records (the file header, then packet records or blocks) and
/// turns packet records into frames. Parsers see only contiguous spans; the drivers (memory-mapped file, pipe)
/// decide where the spans come from, so both paths share every parsing decision.
/// </summary>
/// <remarks>
/// Implemented by mutable structs that the drivers hold in a local and pass by <c>ref</c>, so the per-frame
/// loop is specialised for the sink and the parser together.
/// </remarks>
internal interface IRecordParser
{
    /// <summary>
    /// Delivers every complete record at the start of <paramref name="buffer"/> and returns how many bytes those
    /// records took. Stops at the first record that is not wholly inside the buffer and sets
    /// <paramref name="needed"/> to the number of contiguous bytes (from the returned position) that record
    /// needs before it can be judged: its header length while the header is incomplete, then its full length. On
    /// damage, records the fault in <paramref name="progress"/> and returns the damaged record's position.
    /// </summary>
    /// <param name="buffer">Bytes starting at the first record not yet consumed.</param>
    /// <param name="bufferOffset">Offset of <paramref name="buffer"/>[0] in the (decompressed) input.</param>
    /// <param name="sink">Receives the frames.</param>
    /// <param name="progress">Frame and byte totals, and the fault if one is found.</param>
    /// <param name="needed">Contiguous bytes the next record needs; 0 after a fault.</param>
    int Consume<TSink>(ReadOnlySpan<byte> buffer, long bufferOffset, ref TSink sink, ref ReadProgress progress, out int needed)
        where TSink : struct, IFrameSink;

    /// <summary>
    /// Explains why the input ended inside a record: <paramref name="head"/> holds its first bytes (up to
    /// <see cref="RecordParsing.TruncationHeadLength"/>) and <paramref name="remaining"/> is how many bytes the input still had.
    /// </summary>
    string DescribeTruncation(ReadOnlySpan<byte> head, long remaining);
}

/// <summary>Constants shared by the record parsers and their drivers.</summary>
internal static class RecordParsing
{
    /// <summary>Bytes of a truncated record a driver hands to <see cref="IRecordParser.DescribeTruncation"/>.</summary>
    public const int TruncationHeadLength = 32;
}
