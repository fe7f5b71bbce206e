namespace KnockSensor.Generator;

/// <summary>What a generated frame carries above the link layer.</summary>
internal enum PacketKind : byte
{
    Tcp,
    Udp,
    IcmpEchoRequest,
    IcmpEchoReply,
    ArpRequest,
    ArpReply,
}
