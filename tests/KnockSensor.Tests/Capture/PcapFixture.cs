using System.Buffers.Binary;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// Writes classic pcap files byte by byte, in either byte order and either timestamp resolution, for the cases
/// capture tools cannot produce (big-endian files) and as the known input that tools then rewrite.
/// </summary>
internal static class PcapFixture
{
    public const int FileHeaderLength = 24;
    public const int RecordHeaderLength = 16;
    public const uint MicrosecondMagic = 0xA1B2C3D4;
    public const uint NanosecondMagic = 0xA1B23C4D;

    public static byte[] Write(IReadOnlyList<CapturedFrame> frames, bool bigEndian = false, bool nanoseconds = false, uint linkField = 1, uint snapLength = 262_144)
    {
        using var output = new MemoryStream();
        output.Write(FileHeader(bigEndian, nanoseconds, linkField, snapLength));
        foreach (var frame in frames)
        {
            var seconds = frame.TimestampNs / 1_000_000_000;
            var fraction = frame.TimestampNs % 1_000_000_000;
            if (!nanoseconds)
            {
                Assert.True(fraction % 1000 == 0, "a microsecond file cannot hold this timestamp");
                fraction /= 1000;
            }

            output.Write(RecordHeader(bigEndian, (uint)seconds, (uint)fraction, (uint)frame.CapturedLength, (uint)frame.WireLength));
            output.Write(frame.Data);
        }

        return output.ToArray();
    }

    public static byte[] FileHeader(bool bigEndian, bool nanoseconds, uint linkField, uint snapLength)
    {
        var header = new byte[FileHeaderLength];
        Put32(header, nanoseconds ? NanosecondMagic : MicrosecondMagic, bigEndian);
        Put16(header.AsSpan(4), 2, bigEndian);
        Put16(header.AsSpan(6), 4, bigEndian);
        Put32(header.AsSpan(16), snapLength, bigEndian);
        Put32(header.AsSpan(20), linkField, bigEndian);
        return header;
    }

    public static byte[] RecordHeader(bool bigEndian, uint seconds, uint fraction, uint captured, uint wire)
    {
        var header = new byte[RecordHeaderLength];
        Put32(header, seconds, bigEndian);
        Put32(header.AsSpan(4), fraction, bigEndian);
        Put32(header.AsSpan(8), captured, bigEndian);
        Put32(header.AsSpan(12), wire, bigEndian);
        return header;
    }

    /// <summary>Offset of every record in a file written from <paramref name="frames"/>, then the file's length.</summary>
    public static long[] RecordOffsets(IReadOnlyList<CapturedFrame> frames)
    {
        var offsets = new long[frames.Count + 1];
        offsets[0] = FileHeaderLength;
        for (var i = 0; i < frames.Count; i++)
        {
            offsets[i + 1] = offsets[i] + RecordHeaderLength + frames[i].CapturedLength;
        }

        return offsets;
    }

    public static void Put16(Span<byte> target, ushort value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(target, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(target, value);
        }
    }

    public static void Put32(Span<byte> target, uint value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(target, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(target, value);
        }
    }

    public static void Put64(Span<byte> target, ulong value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt64BigEndian(target, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt64LittleEndian(target, value);
        }
    }
}
