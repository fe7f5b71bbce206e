using System.Runtime.InteropServices;

namespace KnockSensor.Decode;

/// <summary>
/// One decoded packet reduced to what the detectors need: who talked to which port, when, how.
/// An unmanaged value (no references), filled in place by <see cref="FrameDecoder"/>; it never touches the heap.
/// </summary>
/// <remarks>
/// Fields are public for the hot path (the decoder writes them directly, stages read them by <c>in</c> reference).
/// For <see cref="DecodeStatus.OtherIpProtocol"/> and <see cref="DecodeStatus.LaterFragment"/> only the timestamp,
/// length, VLAN, addresses, IP version and protocol are meaningful; ports, flags and ICMP fields are zero.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct PortEvent
{
    /// <summary>Capture time, nanoseconds since the Unix epoch (UTC).</summary>
    public long TimestampNs;

    public PacketAddress Source;

    public PacketAddress Destination;

    /// <summary>Frame length on the wire, in bytes.</summary>
    public int WireLength;

    /// <summary>TCP/UDP source port; 0 for ICMP.</summary>
    public ushort SourcePort;

    /// <summary>TCP/UDP destination port; 0 for ICMP.</summary>
    public ushort DestinationPort;

    /// <summary>Outermost VLAN id (12 bits), valid when <see cref="VlanCount"/> ≥ 1.</summary>
    public ushort OuterVlanId;

    /// <summary>Second VLAN id (QinQ inner tag), valid when <see cref="VlanCount"/> ≥ 2.</summary>
    public ushort InnerVlanId;

    /// <summary>How many VLAN tags were seen (kernel-reported tag included), capped at 2; see <see cref="PortEventFlags.ExtraVlanTags"/>.</summary>
    public byte VlanCount;

    /// <summary>4 or 6.</summary>
    public byte IpVersion;

    /// <summary>IP protocol of the transport header (after IPv6 extension headers).</summary>
    public IpProtocol Protocol;

    /// <summary>TCP flags; <see cref="TcpFlags.None"/> for other protocols.</summary>
    public TcpFlags TcpFlags;

    /// <summary>ICMP or ICMPv6 type; 0 for other protocols.</summary>
    public byte IcmpType;

    /// <summary>ICMP or ICMPv6 code; 0 for other protocols.</summary>
    public byte IcmpCode;

    public PortEventFlags Flags;

    /// <summary>True for a TCP segment with SYN set and ACK clear: a connection attempt.</summary>
    public readonly bool IsTcpSyn => Protocol == IpProtocol.Tcp && (TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
}
