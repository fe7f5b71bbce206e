using System.Buffers.Binary;

namespace KnockSensor.Tests.Decode;

/// <summary>
/// Builds frames layer by layer with <see cref="BinaryPrimitives"/>, for the layouts PacketDotNet cannot build
/// (VLAN stacks, extension-header chains, cooked and loopback headers) and for deliberately broken headers.
/// Each method returns a new array: header bytes followed by <c>payload</c>.
/// </summary>
internal static class TestFrames
{
    public const ushort EtherTypeIpv4 = 0x0800;
    public const ushort EtherTypeIpv6 = 0x86DD;
    public const ushort EtherTypeArp = 0x0806;
    public const ushort Tpid8021Q = 0x8100;
    public const ushort Tpid8021AD = 0x88A8;
    public const ushort TpidLegacy = 0x9100;

    public static readonly byte[] SourceMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    public static readonly byte[] DestinationMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

    public static byte[] Concat(params byte[][] parts)
    {
        var result = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>Ethernet II header; <paramref name="tags"/> are (TPID, TCI) pairs from outermost to innermost.</summary>
    public static byte[] Ethernet(ushort etherType, byte[] payload, params (ushort Tpid, ushort Tci)[] tags)
    {
        var header = new byte[14 + (4 * tags.Length)];
        DestinationMac.CopyTo(header, 0);
        SourceMac.CopyTo(header, 6);
        var offset = 12;
        foreach (var (tpid, tci) in tags)
        {
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset), tpid);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset + 2), tci);
            offset += 4;
        }

        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(offset), etherType);
        return Concat(header, payload);
    }

    /// <summary>Linux cooked v1: packet type 0 (to us), ARPHRD_ETHER, a 6-byte address, protocol at 14.</summary>
    public static byte[] Sll(ushort protocol, byte[] payload)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), 1);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 6);
        SourceMac.CopyTo(header, 6);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), protocol);
        return Concat(header, payload);
    }

    /// <summary>Linux cooked v2: protocol at 0, reserved, interface index, ARPHRD_ETHER, packet type, address.</summary>
    public static byte[] Sll2(ushort protocol, byte[] payload)
    {
        var header = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(header, protocol);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 3);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(8), 1);
        header[10] = 0;
        header[11] = 6;
        SourceMac.CopyTo(header, 12);
        return Concat(header, payload);
    }

    /// <summary>BSD loopback: a 4-byte family, big- or little-endian.</summary>
    public static byte[] Loopback(uint family, bool bigEndian, byte[] payload)
    {
        var header = new byte[4];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header, family);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header, family);
        }

        return Concat(header, payload);
    }

    /// <summary>
    /// IPv4 header (checksum filled in). <paramref name="options"/> must be a multiple of 4 bytes;
    /// <paramref name="fragmentField"/> is flags and offset as on the wire; overrides break the header on purpose.
    /// </summary>
    public static byte[] Ipv4(uint source, uint destination, byte protocol, byte[] payload, byte[]? options = null,
        ushort fragmentField = 0, int? ihlOverride = null, int? totalLengthOverride = null, int version = 4)
    {
        options ??= [];
        var headerLength = 20 + options.Length;
        var header = new byte[headerLength];
        header[0] = (byte)((version << 4) | (ihlOverride ?? (headerLength / 4)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(totalLengthOverride ?? (headerLength + payload.Length)));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(6), fragmentField);
        header[8] = 64;
        header[9] = protocol;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), source);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), destination);
        options.CopyTo(header, 20);
        uint sum = 0;
        for (var i = 0; i < headerLength; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(i));
        }

        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), (ushort)~sum);
        return Concat(header, payload);
    }

    /// <summary>IPv6 fixed header; <paramref name="payload"/> includes any extension headers.</summary>
    public static byte[] Ipv6(byte[] source, byte[] destination, byte nextHeader, byte[] payload, int? payloadLengthOverride = null, int version = 6)
    {
        var header = new byte[40];
        header[0] = (byte)(version << 4);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)(payloadLengthOverride ?? payload.Length));
        header[6] = nextHeader;
        header[7] = 64;
        source.CopyTo(header, 8);
        destination.CopyTo(header, 24);
        return Concat(header, payload);
    }

    /// <summary>
    /// A generic extension header (hop-by-hop, routing, destination options, …) of <paramref name="units"/>+1
    /// 8-byte units, or an AH of (<paramref name="units"/>+2) 4-byte words when <paramref name="authenticationHeader"/>.
    /// </summary>
    public static byte[] Ipv6Extension(byte nextHeader, byte units, byte[] payload, bool authenticationHeader = false)
    {
        var length = authenticationHeader ? (units + 2) * 4 : (units + 1) * 8;
        var header = new byte[length];
        header[0] = nextHeader;
        header[1] = units;
        if (!authenticationHeader && length >= 8)
        {
            // PadN filling the option area, so the header is well-formed for parsers that read options.
            header[2] = 1;
            header[3] = (byte)(length - 4);
        }

        return Concat(header, payload);
    }

    public static byte[] Ipv6Fragment(byte nextHeader, ushort offsetUnits, bool moreFragments, byte[] payload, uint identification = 0xABCD)
    {
        var header = new byte[8];
        header[0] = nextHeader;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)((offsetUnits << 3) | (moreFragments ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), identification);
        return Concat(header, payload);
    }

    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, byte flags, byte[]? payload = null, int optionWords = 0, int? dataOffsetOverride = null)
    {
        payload ??= [];
        var header = new byte[20 + (optionWords * 4)];
        BinaryPrimitives.WriteUInt16BigEndian(header, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 1000);
        header[12] = (byte)((dataOffsetOverride ?? (5 + optionWords)) << 4);
        header[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), 64240);
        for (var i = 20; i < header.Length; i++)
        {
            header[i] = 1; // NOP options
        }

        return Concat(header, payload);
    }

    public static byte[] Udp(ushort sourcePort, ushort destinationPort, byte[]? payload = null, int? lengthOverride = null)
    {
        payload ??= [];
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16BigEndian(header, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)(lengthOverride ?? (8 + payload.Length)));
        return Concat(header, payload);
    }

    /// <summary>ICMP or ICMPv6: type, code, checksum, then 4 bytes of rest-of-header (identifier/sequence).</summary>
    public static byte[] Icmp(byte type, byte code, byte[]? payload = null)
    {
        payload ??= [];
        var header = new byte[8];
        header[0] = type;
        header[1] = code;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), 0x00010002);
        return Concat(header, payload);
    }

    public static byte[] Ipv6Address(ulong high, ulong low)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), low);
        return bytes;
    }
}
