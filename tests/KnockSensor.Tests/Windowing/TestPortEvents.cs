using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

/// <summary>Hand-made <see cref="PortEvent"/>s: connection attempts for an item, and the packets the classifier must ignore.</summary>
internal static class TestPortEvents
{
    public static PortEvent TcpSyn(ushort port, long timestampNs = 0) =>
        Tcp(40000, port, TcpFlags.Syn, timestampNs);

    public static PortEvent Tcp(ushort sourcePort, ushort destinationPort, TcpFlags flags, long timestampNs = 0) => new()
    {
        TimestampNs = timestampNs,
        IpVersion = 4,
        Protocol = IpProtocol.Tcp,
        SourcePort = sourcePort,
        DestinationPort = destinationPort,
        TcpFlags = flags,
    };

    public static PortEvent Udp(ushort sourcePort, ushort destinationPort, long timestampNs = 0) => new()
    {
        TimestampNs = timestampNs,
        IpVersion = 4,
        Protocol = IpProtocol.Udp,
        SourcePort = sourcePort,
        DestinationPort = destinationPort,
    };

    public static PortEvent Icmp(byte type, long timestampNs = 0) => new()
    {
        TimestampNs = timestampNs,
        IpVersion = 4,
        Protocol = IpProtocol.Icmp,
        IcmpType = type,
    };

    public static PortEvent Icmpv6(byte type, long timestampNs = 0) => new()
    {
        TimestampNs = timestampNs,
        IpVersion = 6,
        Protocol = IpProtocol.Icmpv6,
        IcmpType = type,
    };

    /// <summary>A connection attempt (under <see cref="AccessPolicy.ConnectionAttempts"/>) that touches <paramref name="item"/>.</summary>
    public static PortEvent AccessTo(KnockItem item, long timestampNs = 0) => item.Protocol switch
    {
        ItemProtocol.Tcp => TcpSyn((ushort)item.Slot, timestampNs),
        ItemProtocol.Udp => Udp(50000, (ushort)item.Slot, timestampNs),
        _ when item.Slot >= KnockItem.Icmpv6SlotOffset => Icmpv6((byte)(item.Slot - KnockItem.Icmpv6SlotOffset), timestampNs),
        _ => Icmp((byte)item.Slot, timestampNs),
    };

    /// <summary>A packet that is not an access under <see cref="AccessPolicy.ConnectionAttempts"/> (a reply or mid-flow segment).</summary>
    public static PortEvent NonAccess(Random random) => random.Next(4) switch
    {
        0 => Tcp(80, (ushort)random.Next(1024, 65536), TcpFlags.Syn | TcpFlags.Ack),
        1 => Tcp((ushort)random.Next(1024, 65536), 443, TcpFlags.Ack | TcpFlags.Psh),
        2 => Udp(53, (ushort)random.Next(1024, 65536)),
        _ => Icmp(0),
    };
}
