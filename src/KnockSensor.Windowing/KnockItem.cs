using System.Globalization;
using System.Runtime.CompilerServices;

namespace KnockSensor.Windowing;

/// <summary>
/// One thing a knock can touch: a (protocol, port) pair packed into a small integer so that bitmaps, counters and
/// membership rows can be plain arrays indexed by <see cref="Value"/>.
/// </summary>
/// <remarks>
/// Encoding: <c>Value = (int)protocol * 65536 + slot</c>, so <c>0 ≤ Value &lt; 3 * 65536</c>.
/// <list type="bullet">
/// <item>TCP and UDP: the slot is the destination port, so tcp/53 and udp/53 are different items.</item>
/// <item>ICMP: there is no port, so the slot is the message type: ICMPv4 type <c>t</c> is slot <c>t</c>,
/// ICMPv6 type <c>t</c> is slot <c>256 + t</c> (the families keep distinct items). An ICMPv4 echo request is slot 8,
/// an ICMPv6 echo request slot 384.</item>
/// </list>
/// </remarks>
public readonly record struct KnockItem(int Value) : IComparable<KnockItem>
{
    /// <summary>Slots per protocol plane (one per 16-bit port).</summary>
    public const int SlotsPerProtocol = 65536;

    /// <summary>Number of protocol planes.</summary>
    public const int ProtocolCount = 3;

    /// <summary>Number of distinct item values; every <see cref="Value"/> is below it.</summary>
    public const int Count = ProtocolCount * SlotsPerProtocol;

    /// <summary>Slot offset of ICMPv6 types inside the ICMP plane.</summary>
    public const int Icmpv6SlotOffset = 256;

    public ItemProtocol Protocol => (ItemProtocol)(Value >> 16);

    /// <summary>The destination port for TCP/UDP, the (offset) message type for ICMP.</summary>
    public int Slot => Value & 0xFFFF;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KnockItem Create(ItemProtocol protocol, int slot) => new(((int)protocol << 16) | (slot & 0xFFFF));

    public static KnockItem Tcp(ushort port) => Create(ItemProtocol.Tcp, port);

    public static KnockItem Udp(ushort port) => Create(ItemProtocol.Udp, port);

    public static KnockItem Icmpv4(byte type) => Create(ItemProtocol.Icmp, type);

    public static KnockItem Icmpv6(byte type) => Create(ItemProtocol.Icmp, Icmpv6SlotOffset + type);

    public int CompareTo(KnockItem other) => Value.CompareTo(other.Value);

    /// <summary><c>tcp/999</c>, <c>udp/53</c>, <c>icmp/8</c>, <c>icmp6/128</c>.</summary>
    public override string ToString() => Protocol switch
    {
        ItemProtocol.Tcp => string.Create(CultureInfo.InvariantCulture, $"tcp/{Slot}"),
        ItemProtocol.Udp => string.Create(CultureInfo.InvariantCulture, $"udp/{Slot}"),
        _ when Slot >= Icmpv6SlotOffset => string.Create(CultureInfo.InvariantCulture, $"icmp6/{Slot - Icmpv6SlotOffset}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"icmp/{Slot}"),
    };
}
