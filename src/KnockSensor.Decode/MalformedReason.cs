namespace KnockSensor.Decode;

/// <summary>
/// Why a frame was rejected. A fixed, bounded set: each value is a metric label and a key in the stats event,
/// so adding one is a contract change (update <see cref="MalformedReasons.Label"/> and docs/events.md).
/// </summary>
public enum MalformedReason : byte
{
    None = 0,

    /// <summary>The frame ends inside its link-layer header (Ethernet, SLL, SLL2, loopback, VLAN tag).</summary>
    TruncatedLinkHeader,

    /// <summary>More stacked VLAN tags than the decoder will walk (a hostile stack).</summary>
    VlanStackTooDeep,

    /// <summary>The frame ends inside the fixed IPv4 or IPv6 header.</summary>
    TruncatedIpHeader,

    /// <summary>The IP version nibble disagrees with the link type or ethertype.</summary>
    BadIpVersion,

    /// <summary>IPv4 IHL below 5, or an IPv4 header longer than the packet.</summary>
    BadIpHeaderLength,

    /// <summary>An IP length field that lies: shorter than the header, or longer than the frame on the wire.</summary>
    BadIpTotalLength,

    /// <summary>An IPv6 extension header chain longer than the decoder will walk.</summary>
    Ipv6ExtensionChainTooLong,

    /// <summary>The frame ends inside an IPv6 extension header, or its length field runs past the packet.</summary>
    TruncatedIpv6ExtensionHeader,

    /// <summary>The frame ends inside the TCP, UDP, ICMP or ICMPv6 header.</summary>
    TruncatedTransportHeader,

    /// <summary>TCP data offset below 5 words, or beyond the segment.</summary>
    BadTcpDataOffset,

    /// <summary>UDP length below 8 or beyond the IP payload.</summary>
    BadUdpLength,
}
