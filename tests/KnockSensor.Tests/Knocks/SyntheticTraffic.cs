using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Knocks;

/// <summary>
/// A small, seeded traffic script at the port-event level: busy background, knock doors with SYN-ACK-answered
/// shells, scanners. Events are produced in time order, as a capture would deliver them.
/// </summary>
internal sealed class SyntheticTraffic(int seed)
{
    private const long Second = 1_000_000_000L;
    private static readonly ushort[] PopularPorts = [80, 443, 53, 22, 25, 3389, 8080, 123];

    private readonly Random _random = new(seed);
    private readonly List<PortEvent> _events = [];

    public static PacketAddress Host(int last) => PacketAddress.FromIPv4(0x0A010000u | (uint)last);

    public static PacketAddress Outside(int n) => PacketAddress.FromIPv4(0xC6336400u + (uint)n);

    /// <summary>Background: clients connecting to popular ports on 50 servers, plus a few rare one-off ports.</summary>
    public SyntheticTraffic Background(long startNs, long endNs, int perSecond)
    {
        for (var t = startNs; t < endNs; t += Second / perSecond)
        {
            var client = Outside(1000 + _random.Next(5000));
            var server = Host(1 + _random.Next(50));
            var port = _random.Next(20) == 0 ? (ushort)_random.Next(1024, 65536) : PopularPorts[_random.Next(PopularPorts.Length)];
            Syn(t + _random.Next(1000), client, server, port, answered: port < 1024);
        }

        return this;
    }

    /// <summary>A door: <paramref name="activations"/> times, the knock (TCP SYNs or UDP) then the shell SYN, answered.</summary>
    public SyntheticTraffic Door(PacketAddress target, PacketAddress knocker, KnockItem[] sequence, ushort shell, long startNs, long everyNs, int activations, bool spoofed = false)
    {
        for (var a = 0; a < activations; a++)
        {
            var t = startNs + (a * everyNs) + _random.Next(1000);
            for (var i = 0; i < sequence.Length; i++)
            {
                var source = spoofed ? Outside(20000 + _random.Next(30000)) : knocker;
                var item = sequence[i];
                Add(item.Protocol == ItemProtocol.Udp ? Udp(t, source, target, (ushort)item.Slot) : SynEvent(t, source, target, (ushort)item.Slot));
                t += (Second / 2) + _random.Next(1000);
            }

            Syn(t + Second, knocker, target, shell, answered: true);
        }

        return this;
    }

    /// <summary>A vertical scan: one source, <paramref name="ports"/> consecutive ports on one host, 1 ms apart.</summary>
    public SyntheticTraffic VerticalScan(PacketAddress scanner, PacketAddress target, int firstPort, int ports, long startNs)
    {
        for (var p = 0; p < ports; p++)
        {
            Add(SynEvent(startNs + (p * 1_000_000L), scanner, target, (ushort)(firstPort + p)));
        }

        return this;
    }

    /// <summary>A horizontal scan of a few ports over many hosts.</summary>
    public SyntheticTraffic HorizontalScan(PacketAddress scanner, ushort[] ports, int hosts, long startNs)
    {
        var t = startNs;
        for (var h = 0; h < hosts; h++)
        {
            foreach (var port in ports)
            {
                Add(SynEvent(t, scanner, Host(100 + h), port));
                t += 2_000_000L;
            }
        }

        return this;
    }

    public List<PortEvent> InTimeOrder() => [.. _events.OrderBy(static e => e.TimestampNs)];

    private void Syn(long t, PacketAddress client, PacketAddress server, ushort port, bool answered)
    {
        var syn = SynEvent(t, client, server, port);
        Add(syn);
        if (answered)
        {
            Add(new PortEvent
            {
                TimestampNs = t + 20_000_000L,
                Source = server,
                Destination = client,
                IpVersion = 4,
                Protocol = IpProtocol.Tcp,
                SourcePort = port,
                DestinationPort = syn.SourcePort,
                TcpFlags = TcpFlags.Syn | TcpFlags.Ack,
            });
        }
    }

    private PortEvent SynEvent(long t, PacketAddress source, PacketAddress destination, ushort port) => new()
    {
        TimestampNs = t,
        Source = source,
        Destination = destination,
        IpVersion = 4,
        Protocol = IpProtocol.Tcp,
        SourcePort = (ushort)_random.Next(32768, 61000),
        DestinationPort = port,
        TcpFlags = TcpFlags.Syn,
    };

    private PortEvent Udp(long t, PacketAddress source, PacketAddress destination, ushort port) => new()
    {
        TimestampNs = t,
        Source = source,
        Destination = destination,
        IpVersion = 4,
        Protocol = IpProtocol.Udp,
        SourcePort = (ushort)_random.Next(32768, 61000),
        DestinationPort = port,
    };

    private void Add(PortEvent portEvent) => _events.Add(portEvent);
}
