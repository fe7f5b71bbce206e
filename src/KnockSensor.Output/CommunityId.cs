using System.Buffers.Binary;
using System.Security.Cryptography;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Windowing;

namespace KnockSensor.Output;

/// <summary>
/// Community ID v1 flow hashes (Corelight's community-id-spec, as Zeek, Suricata and Wireshark compute them), so a
/// SIEM can join a knock event to the same flow in other tools' logs: <c>"1:" + base64(SHA-1(seed · addr · addr ·
/// proto · 0 · port · port))</c>, seed and ports big-endian, the endpoint with the smaller (address, port) first.
/// </summary>
/// <remarks>
/// ICMP and ICMPv6 have no ports: the type stands for the source port and, for request/reply pairs, the counterpart
/// type for the destination port, so a request and its reply hash alike; any other type is one-way, hashed with its
/// code as the destination port and its endpoints in packet order. Other IP protocols hash the addresses only.
/// Per event, not per packet: the hash input sits on the stack, only the returned string is allocated.
/// </remarks>
public static class CommunityId
{
    /// <summary>IANA protocol number of SCTP, the third protocol the spec hashes with ports.</summary>
    public const byte Sctp = 132;

    // seed (2) + two IPv6 addresses (32) + protocol and padding (2) + two ports (4).
    private const int MaxInput = 2 + 16 + 16 + 2 + 4;

    /// <summary>
    /// The Community ID of a flow of <paramref name="protocol"/> from <paramref name="source"/>:<paramref name="sourcePort"/>
    /// to <paramref name="destination"/>:<paramref name="destinationPort"/>. Ports count for TCP, UDP and SCTP and are
    /// ignored for other protocols; ICMP and ICMPv6 go through <see cref="ComputeIcmp"/>.
    /// </summary>
    public static string Compute(PacketAddress source, ushort sourcePort, PacketAddress destination, ushort destinationPort, byte protocol, ushort seed = 0)
    {
        if (protocol is (byte)IpProtocol.Icmp or (byte)IpProtocol.Icmpv6)
        {
            throw new ArgumentException("ICMP and ICMPv6 flows are keyed by type and code: use ComputeIcmp.", nameof(protocol));
        }

        var hasPorts = protocol is (byte)IpProtocol.Tcp or (byte)IpProtocol.Udp or Sctp;
        return Hash(source, hasPorts ? sourcePort : (ushort)0, destination, hasPorts ? destinationPort : (ushort)0, protocol, hasPorts, ordered: true, seed);
    }

    /// <summary>
    /// The Community ID of an ICMP (<paramref name="icmpv6"/> false, protocol 1) or ICMPv6 (protocol 58) message of
    /// <paramref name="type"/> and <paramref name="code"/> from <paramref name="source"/> to <paramref name="destination"/>.
    /// </summary>
    public static string ComputeIcmp(PacketAddress source, PacketAddress destination, bool icmpv6, byte type, byte code, ushort seed = 0)
    {
        var counterpart = icmpv6 ? Icmpv6Counterpart(type) : Icmpv4Counterpart(type);
        var protocol = icmpv6 ? (byte)IpProtocol.Icmpv6 : (byte)IpProtocol.Icmp;

        // A one-way message keeps its direction: there is no answer whose hash it has to match.
        return counterpart is { } reply
            ? Hash(source, type, destination, reply, protocol, hasPorts: true, ordered: true, seed)
            : Hash(source, type, destination, code, protocol, hasPorts: true, ordered: false, seed);
    }

    /// <summary>
    /// The Community ID of a door's shell connection, or null when it cannot be known. Knock items keep an ICMP
    /// message's type, not its code: a request/reply type (echo, the only ICMP access under the default access policy)
    /// does not hash its code, a one-way type (reachable only with every packet an access) would, so it has none.
    /// </summary>
    public static string? Of(in ShellConnection connection, ushort seed = 0)
    {
        var item = connection.Item;
        var slot = item.Slot;
        switch (item.Protocol)
        {
            case ItemProtocol.Tcp:
                return Compute(connection.Source, connection.SourcePort, connection.Destination, (ushort)slot, (byte)IpProtocol.Tcp, seed);
            case ItemProtocol.Udp:
                return Compute(connection.Source, connection.SourcePort, connection.Destination, (ushort)slot, (byte)IpProtocol.Udp, seed);
            default:
                var icmpv6 = slot >= KnockItem.Icmpv6SlotOffset;
                var type = (byte)(icmpv6 ? slot - KnockItem.Icmpv6SlotOffset : slot);
                var twoWay = (icmpv6 ? Icmpv6Counterpart(type) : Icmpv4Counterpart(type)) is not null;
                return twoWay ? ComputeIcmp(connection.Source, connection.Destination, icmpv6, type, 0, seed) : null;
        }
    }

    /// <summary>The type that answers ICMP <paramref name="type"/> (echo, timestamp, information, router, address mask), or null for a one-way type.</summary>
    public static byte? Icmpv4Counterpart(byte type) => type switch
    {
        0 => 8, // echo reply ↔ echo request
        8 => 0,
        9 => 10, // router advertisement ↔ router solicitation
        10 => 9,
        13 => 14, // timestamp ↔ timestamp reply
        14 => 13,
        15 => 16, // information request ↔ reply
        16 => 15,
        17 => 18, // address mask request ↔ reply
        18 => 17,
        _ => null,
    };

    /// <summary>The type that answers ICMPv6 <paramref name="type"/> (echo, MLD, router and neighbor discovery, node information, home agent discovery), or null for a one-way type.</summary>
    public static byte? Icmpv6Counterpart(byte type) => type switch
    {
        128 => 129, // echo request ↔ reply
        129 => 128,
        130 => 131, // MLD query ↔ report
        131 => 130,
        133 => 134, // router solicitation ↔ advertisement
        134 => 133,
        135 => 136, // neighbor solicitation ↔ advertisement
        136 => 135,
        139 => 140, // node information query ↔ reply
        140 => 139,
        144 => 145, // home agent address discovery request ↔ reply
        145 => 144,
        _ => null,
    };

    private static string Hash(PacketAddress source, ushort sourcePort, PacketAddress destination, ushort destinationPort, byte protocol, bool hasPorts, bool ordered, ushort seed)
    {
        if (source.IsIPv4 != destination.IsIPv4)
        {
            throw new ArgumentException("A flow's two addresses are of one family.", nameof(destination));
        }

        if (ordered && IsGreater(source, sourcePort, destination, destinationPort))
        {
            (source, destination) = (destination, source);
            (sourcePort, destinationPort) = (destinationPort, sourcePort);
        }

        Span<byte> input = stackalloc byte[MaxInput];
        BinaryPrimitives.WriteUInt16BigEndian(input, seed);
        var length = 2;
        length += source.WriteBytes(input[length..]);
        length += destination.WriteBytes(input[length..]);
        input[length++] = protocol;
        input[length++] = 0;
        if (hasPorts)
        {
            BinaryPrimitives.WriteUInt16BigEndian(input[length..], sourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(input[(length + 2)..], destinationPort);
            length += 4;
        }

        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..length], digest);
        return "1:" + Convert.ToBase64String(digest);
    }

    /// <summary>
    /// True when (a, aPort) sorts after (b, bPort). Addresses of one family compare as their network-order bytes, which
    /// for <see cref="PacketAddress"/> (two big-endian words, IPv4 mapped under one prefix) is the words compared unsigned.
    /// </summary>
    private static bool IsGreater(PacketAddress a, ushort aPort, PacketAddress b, ushort bPort)
    {
        if (a.High != b.High)
        {
            return a.High > b.High;
        }

        if (a.Low != b.Low)
        {
            return a.Low > b.Low;
        }

        return aPort > bPort;
    }
}
