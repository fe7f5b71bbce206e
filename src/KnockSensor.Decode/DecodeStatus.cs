namespace KnockSensor.Decode;

/// <summary>What <see cref="FrameDecoder.Decode"/> made of a frame. Every frame gets exactly one status.</summary>
public enum DecodeStatus : byte
{
    /// <summary>TCP, UDP, ICMP or ICMPv6 with its header decoded: a full <see cref="PortEvent"/>.</summary>
    Transport = 0,

    /// <summary>An IP packet whose protocol is none of the four (GRE, ESP, SCTP, …); addresses and protocol are set.</summary>
    OtherIpProtocol,

    /// <summary>A non-first IP fragment: addresses and protocol are set, no transport header.</summary>
    LaterFragment,

    /// <summary>Not IP at all (ARP, LLDP, STP, …).</summary>
    NotIp,

    /// <summary>A link type the decoder does not handle; counted by link type.</summary>
    UnsupportedLinkType,

    /// <summary>Headers that are truncated or lie; counted by <see cref="MalformedReason"/> and skipped.</summary>
    Malformed,
}
