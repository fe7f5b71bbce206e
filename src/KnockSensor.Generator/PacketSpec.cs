namespace KnockSensor.Generator;

/// <summary>
/// Everything needed to write one frame. Scripts hold arrays of these; <see cref="FrameWriter"/> turns one into
/// bytes directly in the pcap writer's buffer.
/// </summary>
internal struct PacketSpec
{
    /// <summary>Capture time, nanoseconds since the Unix epoch (always a whole microsecond).</summary>
    public long TimestampNs;

    /// <summary>Position within its script, to break timestamp ties stably.</summary>
    public int Order;

    public PacketKind Kind;
    public ulong SourceMac;
    public ulong DestinationMac;
    public VlanTags Vlan;
    public HostAddress Source;
    public HostAddress Destination;
    public byte Ttl;
    public ushort IpId;

    /// <summary>TCP/UDP source port; the identifier for ICMP echo.</summary>
    public ushort SourcePort;

    /// <summary>TCP/UDP destination port; the sequence number for ICMP echo.</summary>
    public ushort DestinationPort;

    public uint Sequence;
    public uint Acknowledgment;
    public TcpFlagBits Flags;
    public ushort Window;
    public TcpOptionSet Options;

    public PayloadKind Payload;
    public int PayloadLength;

    /// <summary>Offset of this segment within its byte stream (HTTP responses).</summary>
    public int PayloadOffset;

    /// <summary>Per-payload variation: template, DNS name and id, random-block offset.</summary>
    public uint PayloadSeed;

    public readonly bool IsTcpSynWithoutAck => Kind == PacketKind.Tcp && (Flags & TcpFlagBits.SynAck) == TcpFlagBits.Syn;
}
