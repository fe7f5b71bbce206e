namespace KnockSensor.Generator;

/// <summary>
/// Builds the connectionless packets (UDP datagrams, ICMP echo, ARP) that scenario pieces add to a script. Each
/// call fixes the addresses, tags and one IP id; the script stamps the order and cuts the time to microseconds.
/// </summary>
internal static class Datagram
{
    public static PacketSpec Udp(long timeNs, Endpoint source, ushort sourcePort, Endpoint destination, ushort destinationPort, VlanTags vlan, byte ttl, ushort ipId, PayloadKind payload, int length = 0, uint seed = 0) => new()
    {
        TimestampNs = timeNs,
        Kind = PacketKind.Udp,
        SourceMac = source.Mac,
        DestinationMac = destination.Mac,
        Vlan = vlan,
        Source = source.Address,
        Destination = destination.Address,
        Ttl = ttl,
        IpId = ipId,
        SourcePort = sourcePort,
        DestinationPort = destinationPort,
        Payload = payload,
        PayloadLength = length,
        PayloadSeed = seed,
    };

    /// <summary>An ICMP (or ICMPv6) echo request or reply with a 56-byte body, like ping's default.</summary>
    public static PacketSpec Echo(long timeNs, bool request, Endpoint source, Endpoint destination, VlanTags vlan, byte ttl, ushort ipId, ushort identifier, ushort sequence) => new()
    {
        TimestampNs = timeNs,
        Kind = request ? PacketKind.IcmpEchoRequest : PacketKind.IcmpEchoReply,
        SourceMac = source.Mac,
        DestinationMac = destination.Mac,
        Vlan = vlan,
        Source = source.Address,
        Destination = destination.Address,
        Ttl = ttl,
        IpId = ipId,
        SourcePort = identifier,
        DestinationPort = sequence,
        Payload = PayloadKind.Opaque,
        PayloadLength = 56,
        PayloadSeed = ((uint)identifier << 16) | sequence,
    };

    /// <summary>A lone TCP segment outside any conversation: a scan probe, a knock, radiation or backscatter.</summary>
    public static PacketSpec Tcp(long timeNs, Endpoint source, ushort sourcePort, Endpoint destination, ushort destinationPort, VlanTags vlan, byte ttl, ushort ipId, TcpFlagBits flags, uint sequence, uint acknowledgment, ushort window, TcpOptionSet options) => new()
    {
        TimestampNs = timeNs,
        Kind = PacketKind.Tcp,
        SourceMac = source.Mac,
        DestinationMac = destination.Mac,
        Vlan = vlan,
        Source = source.Address,
        Destination = destination.Address,
        Ttl = ttl,
        IpId = ipId,
        SourcePort = sourcePort,
        DestinationPort = destinationPort,
        Sequence = sequence,
        Acknowledgment = acknowledgment,
        Flags = flags,
        Window = window,
        Options = options,
    };

    public static PacketSpec Arp(long timeNs, bool request, HomeHost sender, HomeHost target) => new()
    {
        TimestampNs = timeNs,
        Kind = request ? PacketKind.ArpRequest : PacketKind.ArpReply,
        SourceMac = sender.Mac,
        DestinationMac = request ? HomeNetwork.BroadcastMac : target.Mac,
        Vlan = sender.Vlan,
        Source = sender.V4,
        Destination = target.V4,
    };
}
