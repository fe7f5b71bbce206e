namespace KnockSensor.Windowing;

/// <summary>
/// The protocol part of a <see cref="KnockItem"/>. The value is the item's 64 Ki-slot plane, so the numbering is part
/// of the item encoding: do not reorder.
/// </summary>
public enum ItemProtocol : byte
{
    Tcp = 0,
    Udp = 1,

    /// <summary>ICMP and ICMPv6 share one plane; the slot is the message type (ICMPv6 types offset by 256).</summary>
    Icmp = 2,
}
