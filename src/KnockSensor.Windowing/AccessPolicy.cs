namespace KnockSensor.Windowing;

/// <summary>Which packets count as a port access (an element of a window).</summary>
public enum AccessPolicy : byte
{
    /// <summary>
    /// Only attempts to reach a service: a TCP SYN without ACK, a UDP datagram that is not a reply, an ICMP/ICMPv6
    /// echo request. Replies and established-flow packets would otherwise fill windows with ephemeral client ports
    /// and make every frequent service look like many rare ones. See <see cref="AccessClassifier"/>.
    /// </summary>
    ConnectionAttempts = 0,

    /// <summary>The paper's database: every TCP, UDP or ICMP packet's destination port (ICMP: its type).</summary>
    EveryPacket = 1,
}
