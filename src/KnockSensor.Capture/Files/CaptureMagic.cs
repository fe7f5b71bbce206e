using System.Buffers.Binary;
using System.Globalization;

namespace KnockSensor.Capture.Files;

/// <summary>What the first four bytes of an input say it is.</summary>
internal enum DetectedContainer
{
    Unknown,
    Gzip,
    Pcap,
    PcapNg,
}

/// <summary>Recognises capture files and gzip by their magic numbers.</summary>
internal static class CaptureMagic
{
    /// <summary>Bytes needed to tell the formats apart.</summary>
    public const int Length = 4;

    public const uint PcapMicroseconds = 0xA1B2C3D4;
    public const uint PcapNanoseconds = 0xA1B23C4D;
    public const uint PcapNgSectionHeader = 0x0A0D0D0A;

    public static DetectedContainer Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length < Length)
        {
            return DetectedContainer.Unknown;
        }

        if (head[0] == 0x1F && head[1] == 0x8B)
        {
            return DetectedContainer.Gzip;
        }

        uint littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(head);
        uint bigEndian = BinaryPrimitives.ReadUInt32BigEndian(head);
        if (littleEndian is PcapMicroseconds or PcapNanoseconds || bigEndian is PcapMicroseconds or PcapNanoseconds)
        {
            return DetectedContainer.Pcap;
        }

        return littleEndian == PcapNgSectionHeader ? DetectedContainer.PcapNg : DetectedContainer.Unknown;
    }

    /// <summary>The reason given when an input is not a capture: what it starts with, in hex.</summary>
    public static string DescribeUnknown(ReadOnlySpan<byte> head, string what)
    {
        var hex = new System.Text.StringBuilder();
        foreach (byte b in head[..Math.Min(head.Length, Length)])
        {
            hex.Append(hex.Length == 0 ? "" : " ").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return $"{what} is not a pcap or pcapng capture (starts with {hex}; expected a pcap, pcapng or gzip magic number)";
    }

    /// <summary>The reason given when an input ends before a magic number could be read.</summary>
    public static string DescribeTooShort(int length, bool compressed = false) => (length, compressed) switch
    {
        // A cut gzip file decompresses to nothing until its first deflate block completes: not "empty".
        (_, true) => $"gzip-compressed input ends after {length.ToString(CultureInfo.InvariantCulture)} decompressed bytes, before a capture header (truncated?)",
        (0, _) => "empty file: no capture header",
        _ => $"too short to be a capture ({length.ToString(CultureInfo.InvariantCulture)} bytes)",
    };
}
