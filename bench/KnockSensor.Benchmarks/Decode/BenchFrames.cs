using System.Buffers.Binary;
using KnockSensor.Capture;

namespace KnockSensor.Benchmarks.Decode;

/// <summary>The frames the decode benchmarks run on, built byte by byte (checksums are not read by the decoder).</summary>
internal static class BenchFrames
{
    /// <summary>A minimum-size Ethernet frame: IPv4 + TCP SYN (54 bytes of headers) padded to 64 bytes captured.</summary>
    public static (byte[] Bytes, FrameInfo Info) TcpSyn64()
    {
        var frame = Ethernet(0x0800, Ipv4(6, Tcp(51_234, 443, 0x02, 0)));
        Array.Resize(ref frame, 64);
        return (frame, new FrameInfo(1_700_000_000_000_000_000, 64, LinkType.Ethernet));
    }

    /// <summary>
    /// A mix of sizes and protocols as a sensor sees them: mostly plain Ethernet IPv4 TCP/UDP of all sizes, some
    /// IPv6, VLAN-tagged and QinQ frames, ICMP, an IPv6 extension header, fragments, options, ARP and a cooked frame.
    /// </summary>
    public static (byte[] Bytes, FrameInfo Info)[] Mixed()
    {
        byte[][] frames =
        [
            Pad(Ethernet(0x0800, Ipv4(6, Tcp(40_000, 22, 0x02, 0)))),
            Ethernet(0x0800, Ipv4(6, Tcp(443, 51_000, 0x10, 1_400))),
            Ethernet(0x0800, Ipv4(6, Tcp(51_000, 443, 0x18, 517, optionWords: 3))),
            Ethernet(0x0800, Ipv4(17, Udp(53_111, 53, 40))),
            Ethernet(0x0800, Ipv4(17, Udp(53, 53_111, 180))),
            Pad(Ethernet(0x0800, Ipv4(6, Tcp(80, 40_001, 0x14, 0)))),
            Ethernet(0x86DD, Ipv6(6, Tcp(40_002, 443, 0x02, 0, optionWords: 5))),
            Ethernet(0x86DD, Ipv6(17, Udp(546, 547, 90))),
            Ethernet(0x0800, Ipv4(6, Tcp(40_003, 3389, 0x02, 0)), 0x8100),
            Ethernet(0x0800, Ipv4(17, Udp(5060, 5060, 400)), 0x88A8, 0x8100),
            Pad(Ethernet(0x0800, Ipv4(1, Icmp(8, 0, 32)))),
            Ethernet(0x86DD, Ipv6(58, Icmp(135, 0, 24))),
            Ethernet(0x86DD, Ipv6(0, HopByHop(17, Udp(5353, 5353, 60)))),
            Ethernet(0x0800, Ipv4(17, new byte[600], fragmentField: 185)),
            Ethernet(0x0800, Ipv4(6, Tcp(40_004, 25, 0x02, 0), optionBytes: 12)),
            Pad(Ethernet(0x0806, new byte[28])),
        ];
        var mixed = frames.Select(f => (f, new FrameInfo(1_700_000_000_000_000_000, f.Length, LinkType.Ethernet))).ToList();
        var cooked = Sll(0x0800, Ipv4(6, Tcp(40_005, 8080, 0x02, 0)));
        mixed.Add((cooked, new FrameInfo(1_700_000_000_000_000_000, cooked.Length, LinkType.LinuxSll)));
        return [.. mixed];
    }

    private static byte[] Pad(byte[] frame)
    {
        if (frame.Length < 60)
        {
            Array.Resize(ref frame, 60);
        }

        return frame;
    }

    private static byte[] Ethernet(ushort etherType, byte[] payload, params ushort[] tpids)
    {
        var header = new byte[14 + (4 * tpids.Length)];
        header[0] = 0x02;
        header[6] = 0x02;
        header[11] = 1;
        var offset = 12;
        foreach (var tpid in tpids)
        {
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset), tpid);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset + 2), 100);
            offset += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset), etherType);
        return [.. header, .. payload];
    }

    private static byte[] Sll(ushort protocol, byte[] payload)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), protocol);
        return [.. header, .. payload];
    }

    private static byte[] Ipv4(byte protocol, byte[] payload, ushort fragmentField = 0, int optionBytes = 0)
    {
        var header = new byte[20 + optionBytes];
        header[0] = (byte)(0x40 | (header.Length / 4));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(header.Length + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), fragmentField);
        header[8] = 64;
        header[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 0xC633_6407);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), 0x0A01_0172);
        header.AsSpan(20).Fill(1);
        return [.. header, .. payload];
    }

    private static byte[] Ipv6(byte nextHeader, byte[] payload)
    {
        var header = new byte[40];
        header[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)payload.Length);
        header[6] = nextHeader;
        header[7] = 64;
        header[8] = 0x20;
        header[9] = 0x01;
        header[23] = 1;
        header[24] = 0x20;
        header[25] = 0x01;
        header[39] = 2;
        return [.. header, .. payload];
    }

    private static byte[] HopByHop(byte nextHeader, byte[] payload)
    {
        byte[] header = [nextHeader, 0, 1, 4, 0, 0, 0, 0];
        return [.. header, .. payload];
    }

    private static byte[] Tcp(ushort source, ushort destination, byte flags, int payloadLength, int optionWords = 0)
    {
        var header = new byte[20 + (4 * optionWords)];
        BinaryPrimitives.WriteUInt16BigEndian(header, source);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), destination);
        header[12] = (byte)((5 + optionWords) << 4);
        header[13] = flags;
        header.AsSpan(20).Fill(1);
        return [.. header, .. new byte[payloadLength]];
    }

    private static byte[] Udp(ushort source, ushort destination, int payloadLength)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(header, source);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), destination);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)(8 + payloadLength));
        return [.. header, .. new byte[payloadLength]];
    }

    private static byte[] Icmp(byte type, byte code, int payloadLength) => [type, code, 0, 0, 0, 1, 0, 1, .. new byte[payloadLength]];
}
