using System.Numerics;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// Writes pcapng block by block, in the byte order of the current section, so tests can build what capture tools
/// never write: big-endian sections, power-of-two timestamp resolutions, Simple and obsolete Packet Blocks,
/// unknown block types, several sections in one file, and deliberately broken blocks.
/// </summary>
internal sealed class PcapNgBuilder
{
    public const uint SectionHeaderType = 0x0A0D0D0A;
    public const uint InterfaceDescriptionType = 1;
    public const uint ObsoletePacketType = 2;
    public const uint SimplePacketType = 3;
    public const uint NameResolutionType = 4;
    public const uint InterfaceStatisticsType = 5;
    public const uint EnhancedPacketType = 6;
    public const uint DecryptionSecretsType = 0x0000000A;
    public const uint CustomType = 0x00000BAD;

    private readonly MemoryStream _output = new();
    private bool _bigEndian;

    /// <summary>Where each block written so far starts.</summary>
    public List<long> BlockOffsets { get; } = [];

    /// <summary>Where each packet block (EPB, SPB, obsolete PB) written so far starts.</summary>
    public List<long> PacketOffsets { get; } = [];

    public long Length => _output.Length;

    public PcapNgBuilder Section(bool bigEndian = false, ushort major = 1)
    {
        _bigEndian = bigEndian;
        var body = new byte[16];
        Put32(body, 0x1A2B3C4D);
        Put16(body.AsSpan(4), major);
        Put16(body.AsSpan(6), 0);
        Put64(body.AsSpan(8), ulong.MaxValue);
        return Block(SectionHeaderType, body);
    }

    /// <param name="linkType">LINKTYPE_ value.</param>
    /// <param name="snapLength">0 for no limit.</param>
    /// <param name="timestampResolution"><c>if_tsresol</c>, or none for the default (microseconds).</param>
    /// <param name="timestampOffsetSeconds"><c>if_tsoffset</c>, or none.</param>
    public PcapNgBuilder Interface(ushort linkType, uint snapLength = 0, byte? timestampResolution = null, long? timestampOffsetSeconds = null)
    {
        using var body = new MemoryStream();
        var fixedPart = new byte[8];
        Put16(fixedPart, linkType);
        Put32(fixedPart.AsSpan(4), snapLength);
        body.Write(fixedPart);

        // An option the reader must step over before it reaches the ones it wants: if_name, 5 bytes, padded.
        body.Write(Option(2, "eth0\0"u8.ToArray()));
        if (timestampResolution is { } resolution)
        {
            body.Write(Option(9, [resolution]));
        }

        if (timestampOffsetSeconds is { } offset)
        {
            var value = new byte[8];
            Put64(value, (ulong)offset);
            body.Write(Option(14, value));
        }

        body.Write(Option(0, []));
        return Block(InterfaceDescriptionType, body.ToArray());
    }

    /// <summary>An Enhanced Packet Block per frame, timestamps in an interface's units (exact, or the test fails).</summary>
    public PcapNgBuilder AddAll(uint interfaceId, IEnumerable<CapturedFrame> frames, long unitsPerSecond)
    {
        foreach (var frame in frames)
        {
            Enhanced(interfaceId, Units(frame.TimestampNs, unitsPerSecond), frame);
        }

        return this;
    }

    public static ulong Units(long timestampNs, long unitsPerSecond)
    {
        var units = BigInteger.DivRem((BigInteger)timestampNs * unitsPerSecond, 1_000_000_000, out var remainder);
        Assert.True(remainder.IsZero, "timestamp not representable in these units");
        return (ulong)units;
    }

    public PcapNgBuilder Enhanced(uint interfaceId, ulong units, CapturedFrame frame) =>
        Enhanced(interfaceId, units, (uint)frame.WireLength, frame.Data);

    public PcapNgBuilder Enhanced(uint interfaceId, ulong units, uint wireLength, byte[] data, uint? capturedLength = null)
    {
        var body = new byte[20 + Pad(data.Length)];
        Put32(body, interfaceId);
        Put32(body.AsSpan(4), (uint)(units >> 32));
        Put32(body.AsSpan(8), (uint)units);
        Put32(body.AsSpan(12), capturedLength ?? (uint)data.Length);
        Put32(body.AsSpan(16), wireLength);
        data.CopyTo(body, 20);
        PacketOffsets.Add(_output.Length);
        return Block(EnhancedPacketType, body);
    }

    /// <summary>The obsolete Packet Block: a 16-bit interface id and a 16-bit drop count.</summary>
    public PcapNgBuilder Obsolete(ushort interfaceId, ulong units, uint wireLength, byte[] data)
    {
        var body = new byte[20 + Pad(data.Length)];
        Put16(body, interfaceId);
        Put16(body.AsSpan(2), 7);
        Put32(body.AsSpan(4), (uint)(units >> 32));
        Put32(body.AsSpan(8), (uint)units);
        Put32(body.AsSpan(12), (uint)data.Length);
        Put32(body.AsSpan(16), wireLength);
        data.CopyTo(body, 20);
        PacketOffsets.Add(_output.Length);
        return Block(ObsoletePacketType, body);
    }

    public PcapNgBuilder Simple(uint wireLength, byte[] data)
    {
        var body = new byte[4 + Pad(data.Length)];
        Put32(body, wireLength);
        data.CopyTo(body, 4);
        PacketOffsets.Add(_output.Length);
        return Block(SimplePacketType, body);
    }

    /// <summary>A block of any type with the given body (padded to 4 bytes), framed by its two lengths.</summary>
    public PcapNgBuilder Block(uint type, ReadOnlySpan<byte> body)
    {
        BlockOffsets.Add(_output.Length);
        var total = (uint)(12 + Pad(body.Length));
        var word = new byte[4];
        Put32(word, type);
        _output.Write(word);
        Put32(word, total);
        _output.Write(word);
        _output.Write(body);
        _output.Write(new byte[Pad(body.Length) - body.Length]);
        _output.Write(word);
        return this;
    }

    /// <summary>Bytes written as they are, for broken blocks.</summary>
    public PcapNgBuilder Raw(ReadOnlySpan<byte> bytes)
    {
        BlockOffsets.Add(_output.Length);
        _output.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _output.ToArray();

    public byte[] Word(uint value)
    {
        var word = new byte[4];
        Put32(word, value);
        return word;
    }

    private byte[] Option(ushort code, byte[] value)
    {
        var option = new byte[4 + Pad(value.Length)];
        Put16(option, code);
        Put16(option.AsSpan(2), (ushort)value.Length);
        value.CopyTo(option, 4);
        return option;
    }

    private static int Pad(int length) => (length + 3) & ~3;

    private void Put16(Span<byte> target, ushort value) => PcapFixture.Put16(target, value, _bigEndian);

    private void Put32(Span<byte> target, uint value) => PcapFixture.Put32(target, value, _bigEndian);

    private void Put64(Span<byte> target, ulong value) => PcapFixture.Put64(target, value, _bigEndian);
}
