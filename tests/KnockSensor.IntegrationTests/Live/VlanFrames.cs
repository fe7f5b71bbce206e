using System.Buffers.Binary;

namespace KnockSensor.IntegrationTests.Live;

/// <summary>A small pcap of 802.1Q-tagged TCP SYNs, built byte by byte, for tcpreplay to put on a veth.</summary>
public static class VlanFrames
{
    public static byte[] TaggedSynCapture(int count, int vlanId, int priority)
    {
        using var output = new MemoryStream();
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        output.Write(header);

        var frame = new byte[14 + 4 + 20 + 20];
        Span<byte> record = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            Frame(frame, vlanId, priority, (ushort)(40000 + i));
            BinaryPrimitives.WriteUInt32LittleEndian(record, 1_700_000_000);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)i);
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            output.Write(record);
            output.Write(frame);
        }

        return output.ToArray();
    }

    private static void Frame(byte[] frame, int vlanId, int priority, ushort sourcePort)
    {
        Array.Clear(frame);
        var span = frame.AsSpan();
        "\x02\x00\x00\x00\x00\x02"u8.CopyTo(span);
        "\x02\x00\x00\x00\x00\x01"u8.CopyTo(span[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 0x8100);
        BinaryPrimitives.WriteUInt16BigEndian(span[14..], (ushort)((priority << 13) | vlanId));
        BinaryPrimitives.WriteUInt16BigEndian(span[16..], 0x0800);

        var ip = span[18..];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], 40);
        ip[8] = 64;
        ip[9] = 6;
        "\x0a\x2a\x00\x01"u8.CopyTo(ip[12..]);
        "\x0a\x2a\x00\x02"u8.CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip[..20]));

        var tcp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 7000);
        tcp[12] = 5 << 4;
        tcp[13] = 0x02;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 1024);
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (var i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
