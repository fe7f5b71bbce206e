using System.Buffers.Binary;
using KnockSensor.Capture;

namespace KnockSensor.Generator;

/// <summary>
/// A classic libpcap file writer (little-endian, version 2.4) with its own large buffer: frames are written
/// in place by <see cref="FrameWriter"/> and the buffer goes to the stream in big blocks, so writing a gigabyte
/// costs one copy.
/// </summary>
internal sealed class PcapFileWriter : IDisposable
{
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;

    private const uint MagicMicroseconds = 0xA1B2_C3D4;
    private const uint MagicNanoseconds = 0xA1B2_3C4D;
    private const int SnapLength = 262_144;

    private readonly Stream _stream;
    private readonly TimestampPrecision _precision;
    private readonly byte[] _buffer;
    private int _used;

    public PcapFileWriter(Stream stream, LinkType linkType, TimestampPrecision precision, int bufferSize = 4 << 20)
    {
        _stream = stream;
        _precision = precision;
        _buffer = GC.AllocateUninitializedArray<byte>(bufferSize);
        Span<byte> header = _buffer.AsSpan(0, FileHeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, precision == TimestampPrecision.Nanosecond ? MagicNanoseconds : MagicMicroseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)linkType);
        _used = FileHeaderLength;
        BytesWritten = FileHeaderLength;
    }

    /// <summary>File bytes so far, headers included.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Space for one frame of up to <paramref name="maxLength"/> bytes; finish with <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int maxLength)
    {
        if (_buffer.Length - _used < RecordHeaderLength + maxLength)
        {
            Flush();
        }

        return _buffer.AsSpan(_used + RecordHeaderLength, maxLength);
    }

    /// <summary>Records the frame written into the last <see cref="Reserve"/> span.</summary>
    public void Commit(long timestampNs, int length)
    {
        Span<byte> header = _buffer.AsSpan(_used, RecordHeaderLength);
        long seconds = Math.DivRem(timestampNs, 1_000_000_000L, out long fraction);
        if (_precision == TimestampPrecision.Microsecond)
        {
            fraction /= 1000;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)fraction);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], length);
        _used += RecordHeaderLength + length;
        BytesWritten += RecordHeaderLength + length;
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        _stream.Flush();
    }
}
