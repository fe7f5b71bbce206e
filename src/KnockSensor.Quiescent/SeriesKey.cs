using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// What a time series is about, folded into one small integer so every per-key table can be a dense array:
/// a TCP port, a UDP port, an ICMP or ICMPv6 type/code, or another IP protocol. The key space is
/// <see cref="Count"/> values (about 260 000), so an index of it costs 1 MiB and needs no hashing.
/// </summary>
public static class SeriesKey
{
    public const int TcpBase = 0;
    public const int UdpBase = 65_536;
    public const int IcmpBase = 131_072;
    public const int Icmpv6Base = 196_608;
    public const int ProtocolBase = 262_144;

    /// <summary>Number of distinct keys.</summary>
    public const int Count = ProtocolBase + 256;

    /// <summary>The key a packet's flow is counted under: its destination port, ICMP type/code or IP protocol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Of(in PortEvent portEvent) => portEvent.Protocol switch
    {
        IpProtocol.Tcp => TcpBase + portEvent.DestinationPort,
        IpProtocol.Udp => UdpBase + portEvent.DestinationPort,
        IpProtocol.Icmp => IcmpBase + (portEvent.IcmpType << 8) + portEvent.IcmpCode,
        IpProtocol.Icmpv6 => Icmpv6Base + (portEvent.IcmpType << 8) + portEvent.IcmpCode,
        _ => ProtocolBase + (byte)portEvent.Protocol,
    };

    public static int Tcp(int port) => TcpBase + port;

    public static int Udp(int port) => UdpBase + port;

    /// <summary>The IP protocol of a key.</summary>
    public static IpProtocol Protocol(int key) => key switch
    {
        < UdpBase => IpProtocol.Tcp,
        < IcmpBase => IpProtocol.Udp,
        < Icmpv6Base => IpProtocol.Icmp,
        < ProtocolBase => IpProtocol.Icmpv6,
        _ => (IpProtocol)(key - ProtocolBase),
    };

    /// <summary>The port (TCP/UDP), type × 256 + code (ICMP), or 0 (other protocols).</summary>
    public static int Port(int key) => key switch
    {
        < UdpBase => key,
        < IcmpBase => key - UdpBase,
        < Icmpv6Base => key - IcmpBase,
        < ProtocolBase => key - Icmpv6Base,
        _ => 0,
    };

    /// <summary>True for TCP or UDP ports 0–1023: the seed's "server ports", correlated all-pairs.</summary>
    public static bool IsServerPort(int key) => key < UdpBase ? key < 1024 : key < IcmpBase && key - UdpBase < 1024;

    /// <summary>True for a TCP or UDP port (ICMP and other protocols are few and always correlated all-pairs).</summary>
    public static bool IsPort(int key) => key < IcmpBase;

    /// <summary>The protocol name used in events: <c>tcp</c>, <c>udp</c>, <c>icmp</c>, <c>icmp6</c>, else the number.</summary>
    public static string ProtocolName(int key) => Protocol(key) switch
    {
        IpProtocol.Tcp => "tcp",
        IpProtocol.Udp => "udp",
        IpProtocol.Icmp => "icmp",
        IpProtocol.Icmpv6 => "icmp6",
        var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Human text, e.g. <c>tcp/42</c>, <c>icmp/3.3</c>, <c>proto/47</c>.</summary>
    public static string Format(int key) => Protocol(key) switch
    {
        IpProtocol.Tcp or IpProtocol.Udp => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ProtocolName(key)}/{Port(key)}"),
        IpProtocol.Icmp or IpProtocol.Icmpv6 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ProtocolName(key)}/{Port(key) >> 8}.{Port(key) & 0xFF}"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"proto/{key - ProtocolBase}"),
    };
}
