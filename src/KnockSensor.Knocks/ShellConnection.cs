using System.Runtime.InteropServices;
using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>
/// The connection a door let through in one activation, as a flow: who opened it from which port, to which host and
/// item. What the <c>knock</c> event's flow fields and Community ID are made of.
/// </summary>
/// <param name="Source">The host that opened the connection (for spoofed knocks not necessarily a knock source).</param>
/// <param name="SourcePort">Its TCP/UDP source port; 0 for ICMP.</param>
/// <param name="Destination">The door's host.</param>
/// <param name="Item">The protocol and destination port (ICMP: the type) of the connection: the door's shell item.</param>
/// <param name="TimestampNs">When its first packet (the SYN, the datagram) was seen.</param>
[StructLayout(LayoutKind.Auto)]
public readonly record struct ShellConnection(PacketAddress Source, ushort SourcePort, PacketAddress Destination, KnockItem Item, long TimestampNs)
{
    /// <summary>The connection an access opened.</summary>
    public static ShellConnection Of(in WindowAccess access) => new(access.Source, access.SourcePort, access.Destination, access.Item, access.TimestampNs);
}
