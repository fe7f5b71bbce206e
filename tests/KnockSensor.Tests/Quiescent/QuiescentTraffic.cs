using KnockSensor.Decode;
using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

/// <summary>Builds port events for the monitor: flows as single SYNs from distinct (source, source port) pairs.</summary>
internal sealed class QuiescentTraffic
{
    public const long SecondNs = 1_000_000_000;

    /// <summary>Home 10.0.0.0/16; scanned hosts are 10.0.1.x.</summary>
    public static readonly HomeNetworks Home = HomeNetworks.Parse("10.0.0.0/16");

    private readonly List<PortEvent> _events = [];
    private ushort _nextSourcePort = 1024;

    public IReadOnlyList<PortEvent> Events => _events;

    /// <summary>2023-11-14T22:00:00Z, a whole hour (and minute), is bin 0.</summary>
    public const long OriginNs = 1_700_002_800 * SecondNs;

    public static long BinStart(int bin, int binSeconds) => OriginNs + (bin * binSeconds * SecondNs);

    public static PacketAddress V4(uint a, uint b, uint c, uint d) => PacketAddress.FromIPv4((a << 24) | (b << 16) | (c << 8) | d);

    /// <summary>An external address for source number <paramref name="n"/>.</summary>
    public static PacketAddress External(int n) => V4(198, 18, (uint)(n >> 8) & 0xFF, (uint)n & 0xFF);

    public static PacketAddress Target(int n) => V4(10, 0, 1, (uint)(n % 254) + 1);

    public static PortEvent Syn(long timestampNs, PacketAddress source, ushort sourcePort, PacketAddress destination, ushort port, int wireLength = 60) => new()
    {
        TimestampNs = timestampNs,
        IpVersion = 4,
        Protocol = IpProtocol.Tcp,
        Source = source,
        Destination = destination,
        SourcePort = sourcePort,
        DestinationPort = port,
        TcpFlags = TcpFlags.Syn,
        WireLength = wireLength,
    };

    /// <summary>
    /// <paramref name="flows"/> incoming TCP flows to <paramref name="port"/> inside bin <paramref name="bin"/>,
    /// spread over <paramref name="sources"/> distinct sources (numbered from <paramref name="firstSource"/>).
    /// </summary>
    public void Flows(int bin, int binSeconds, ushort port, int flows, int sources = 1, int firstSource = 0)
    {
        var start = BinStart(bin, binSeconds);
        for (var i = 0; i < flows; i++)
        {
            var offset = (long)i * (binSeconds * SecondNs - 1) / Math.Max(flows, 1);
            _events.Add(Syn(start + offset, External(firstSource + (i % Math.Max(1, sources))), NextSourcePort(), Target(i), port));
        }
    }

    /// <summary>Puts the events in time order (the monitor wants capture order).</summary>
    public void Sort() => _events.Sort(static (a, b) => a.TimestampNs.CompareTo(b.TimestampNs));

    public void FeedTo(QuiescentMonitor monitor, bool flush = true)
    {
        Sort();
        foreach (var portEvent in _events)
        {
            monitor.Add(portEvent);
        }

        if (flush)
        {
            monitor.Flush();
        }
    }

    private ushort NextSourcePort()
    {
        _nextSourcePort = _nextSourcePort == ushort.MaxValue ? (ushort)1024 : (ushort)(_nextSourcePort + 1);
        return _nextSourcePort;
    }
}
