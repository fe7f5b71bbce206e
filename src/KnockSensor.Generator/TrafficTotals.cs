namespace KnockSensor.Generator;

/// <summary>Counts over the frames actually written, for the ground truth.</summary>
internal sealed class TrafficTotals
{
    public long Frames { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>TCP segments with SYN set and ACK clear (connection attempts, scan probes, knocks).</summary>
    public long TcpSynWithoutAck { get; private set; }

    public long TcpSegments { get; private set; }

    /// <summary>UDP datagrams (the outer transport; the generator writes no ICMP errors quoting UDP).</summary>
    public long UdpDatagrams { get; private set; }

    public long IcmpMessages { get; private set; }

    public long ArpFrames { get; private set; }

    public long Ipv6Packets { get; private set; }

    public long VlanTaggedFrames { get; private set; }

    public long QinQFrames { get; private set; }

    public long FirstTimestampNs { get; private set; }

    public long LastTimestampNs { get; private set; }

    public void Count(in PacketSpec packet, int frameLength)
    {
        if (Frames == 0)
        {
            FirstTimestampNs = packet.TimestampNs;
        }

        LastTimestampNs = packet.TimestampNs;
        Frames++;
        Bytes += frameLength;
        switch (packet.Kind)
        {
            case PacketKind.Tcp:
                TcpSegments++;
                if (packet.IsTcpSynWithoutAck)
                {
                    TcpSynWithoutAck++;
                }

                break;
            case PacketKind.Udp:
                UdpDatagrams++;
                break;
            case PacketKind.IcmpEchoRequest:
            case PacketKind.IcmpEchoReply:
                IcmpMessages++;
                break;
            default:
                ArpFrames++;
                break;
        }

        if (packet.Source.IsV6 && packet.Kind is not (PacketKind.ArpRequest or PacketKind.ArpReply))
        {
            Ipv6Packets++;
        }

        if (packet.Vlan.Inner != 0)
        {
            VlanTaggedFrames++;
        }

        if (packet.Vlan.Outer != 0)
        {
            QinQFrames++;
        }
    }
}
