using System.Runtime.InteropServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// One port access as a window remembers it: which item, from whom, to whom, when. The window's bitmap says
/// <em>whether</em> an item was accessed; these records say <em>by whom and on which host</em>, which is what ties a
/// rule to its target and orders a knock.
/// </summary>
/// <param name="Item">The item accessed (for an answer: the port that answered).</param>
/// <param name="Source">Who accessed it (for an answer: the client answered).</param>
/// <param name="Destination">The host accessed (for an answer: the host that answered).</param>
/// <param name="TimestampNs">When, nanoseconds since the Unix epoch.</param>
/// <param name="IsAnswer">
/// Not an access but the destination's answer to one: a TCP SYN-ACK from <paramref name="Destination"/> back to
/// <paramref name="Source"/> for <paramref name="Item"/>. Knock ports stay shut; the shell port a door opens answers.
/// </param>
/// <param name="SourcePort">
/// The TCP/UDP port of <paramref name="Source"/> (for an answer: the client's port answered); 0 for ICMP. What makes the
/// access a flow (the knock event's shell connection and its Community ID). Declared last, it takes two of the seven
/// padding bytes after <paramref name="IsAnswer"/>: the struct stays 56 bytes.
/// </param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct WindowAccess(KnockItem Item, PacketAddress Source, PacketAddress Destination, long TimestampNs, bool IsAnswer = false, ushort SourcePort = 0);
