namespace KnockSensor.Generator;

/// <summary>One packet of the fortnight profile, at connection-attempt level (IPv4, no payload).</summary>
internal readonly record struct FortnightPacket(
    long TimestampNs,
    uint Source,
    uint Destination,
    ushort SourcePort,
    ushort DestinationPort,
    PacketKind Kind,
    TcpFlagBits Flags);
