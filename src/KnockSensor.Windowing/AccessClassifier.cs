using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>Decides whether a <see cref="PortEvent"/> is a port access and which <see cref="KnockItem"/> it touches.</summary>
/// <remarks>
/// UDP reply detection is deliberately simple for now: a datagram from a well-known port (&lt; 1024) to an ephemeral
/// one (≥ 1024) is taken to be a server's reply (DNS, NTP, syslog answers) and is not an access. Knocks aimed at
/// high ports from high ports still count; a knock sent <em>from</em> a low source port to a high port does not under
/// <see cref="AccessPolicy.ConnectionAttempts"/> (use <see cref="AccessPolicy.EveryPacket"/> to see those).
/// Non-first fragments carry no transport header and are never accesses.
/// </remarks>
public static class AccessClassifier
{
    /// <summary>Ports below this are "well-known" for UDP reply detection.</summary>
    public const int FirstEphemeralPort = 1024;

    public const byte IcmpEchoRequest = 8;

    public const byte Icmpv6EchoRequest = 128;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryGetItem(in PortEvent portEvent, AccessPolicy policy, out KnockItem item)
    {
        if ((portEvent.Flags & PortEventFlags.LaterFragment) != 0)
        {
            item = default;
            return false;
        }

        var everyPacket = policy == AccessPolicy.EveryPacket;
        switch (portEvent.Protocol)
        {
            case IpProtocol.Tcp:
                item = KnockItem.Create(ItemProtocol.Tcp, portEvent.DestinationPort);
                return everyPacket || portEvent.IsTcpSyn;
            case IpProtocol.Udp:
                item = KnockItem.Create(ItemProtocol.Udp, portEvent.DestinationPort);
                return everyPacket || !IsLikelyUdpReply(portEvent.SourcePort, portEvent.DestinationPort);
            case IpProtocol.Icmp:
                item = KnockItem.Create(ItemProtocol.Icmp, portEvent.IcmpType);
                return everyPacket || portEvent.IcmpType == IcmpEchoRequest;
            case IpProtocol.Icmpv6:
                item = KnockItem.Create(ItemProtocol.Icmp, KnockItem.Icmpv6SlotOffset + portEvent.IcmpType);
                return everyPacket || portEvent.IcmpType == Icmpv6EchoRequest;
            default:
                item = default;
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLikelyUdpReply(ushort sourcePort, ushort destinationPort) =>
        sourcePort < FirstEphemeralPort && destinationPort >= FirstEphemeralPort;
}
