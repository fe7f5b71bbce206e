namespace KnockSensor.Generator;

/// <summary>
/// Multi-day connection-attempt traffic with the structure of McNutt &amp; De Shon's data: hourly vertical scans over
/// the server ports with a daily cycle (what makes those ports correlate), steady services, client return traffic on
/// ephemeral ports, backscatter, and injected deviations on quiescent ports — one source hammering 42/TCP for two
/// hours, many sources scanning 2100/TCP on and off, a worm on 42/TCP that grows and persists for days (the seed's
/// 42/TCP story), and an attack on 139/TCP during the learning period.
/// </summary>
/// <remarks>
/// Deterministic for a seed. Packets come hour by hour in time order. Home network 10.1.0.0/16; the scanned
/// targets are 10.1.1.0/24. Times start at <see cref="StartNs"/> (a UTC midnight).
/// </remarks>
internal sealed class FortnightTraffic
{
    /// <summary>2026-03-01T00:00:00Z.</summary>
    public const long StartNs = 1_772_323_200_000_000_000;

    public const long HourNs = 3_600_000_000_000;

    /// <summary>The home network of every generated capture (<see cref="HomeNetwork.Prefixes"/>), as <c>--home-net</c> takes it.</summary>
    public const string HomeNetworkPrefix = "10.1.0.0/16";

    private const uint HomeBase = (10u << 24) | (1u << 16);
    private const uint WebServer = HomeBase | 10;
    private const uint MailServer = HomeBase | 25;
    private const uint DnsServer = HomeBase | 53;
    private const uint TargetBase = HomeBase | (1u << 8);

    /// <summary>1 + 0.6·sin(2π(h − 12)/24) for each UTC hour, written out so no platform sine enters the bytes.</summary>
    private static readonly double[] ScanCycle =
    [
        1.0, 0.845, 0.7, 0.576, 0.48, 0.42, 0.4, 0.42, 0.48, 0.576, 0.7, 0.845,
        1.0, 1.155, 1.3, 1.424, 1.52, 1.58, 1.6, 1.58, 1.52, 1.424, 1.3, 1.155,
    ];

    private readonly DeterministicRandom _random;

    public FortnightTraffic(ulong seed, int days = 14, int scannedPorts = 1023, double serviceScale = 1.0)
    {
        Days = days;
        ScannedPorts = scannedPorts;
        ServiceScale = serviceScale;
        _random = new DeterministicRandom(seed);
        Anomalies = BuildAnomalies(days);
    }

    public int Days { get; }

    /// <summary>Vertical scans cover TCP 1..ScannedPorts (and 42 always).</summary>
    public int ScannedPorts { get; }

    /// <summary>Multiplies the service, DNS and browsing rates (tests use a fraction to stay fast).</summary>
    public double ServiceScale { get; }

    public IReadOnlyList<FortnightAnomaly> Anomalies { get; }

    /// <summary>Hours of learning the injected learning-period attack falls into (the monitor's default: 72).</summary>
    public static int LearningHours => 72;

    /// <summary>Every packet, in time order.</summary>
    public IEnumerable<FortnightPacket> Packets()
    {
        var hour = new List<FortnightPacket>(32_768);
        for (var h = 0; h < Days * 24; h++)
        {
            hour.Clear();
            Hour(h, hour);
            hour.Sort(static (a, b) => a.TimestampNs.CompareTo(b.TimestampNs));
            foreach (var packet in hour)
            {
                yield return packet;
            }
        }
    }

    private static List<FortnightAnomaly> BuildAnomalies(int days)
    {
        var list = new List<FortnightAnomaly>
        {
            new("learning-period scan of 139/tcp", "tcp", 139, At(1, 14), At(1, 16), "horizontal_scan", DuringLearning: true),
        };
        if (days >= 5)
        {
            list.Add(new("one host hammering 42/tcp", "tcp", 42, At(4, 2), At(4, 4), "localized", false));
        }

        if (days >= 7)
        {
            list.Add(new("on-and-off scanning of 2100/tcp", "tcp", 2100, At(6, 9), At(6, 10), "horizontal_scan", false));
            list.Add(new("on-and-off scanning of 2100/tcp", "tcp", 2100, At(6, 13), At(6, 14), "horizontal_scan", false));
            list.Add(new("on-and-off scanning of 2100/tcp", "tcp", 2100, At(6, 17), At(6, 18), "horizontal_scan", false));
        }

        if (days >= 9)
        {
            list.Add(new("replay of the 139/tcp scan after learning", "tcp", 139, At(7, 14), At(7, 16), "horizontal_scan", false));
            list.Add(new("worm on 42/tcp", "tcp", 42, At(8, 0), At(Math.Min(days, 12), 0), "worm", false));
        }

        return list;
    }

    private static long At(int day, int hour) => StartNs + (((day * 24L) + hour) * HourNs);

    private void Hour(int h, List<FortnightPacket> packets)
    {
        var start = StartNs + (h * HourNs);
        var hourOfDay = h % 24;
        // Scanning peaks in the (UTC) evening, client traffic in office hours: two different daily cycles.
        var scanCycle = ScanCycle[hourOfDay];
        var officeCycle = (hourOfDay is >= 8 and < 18 ? 1.6 : 0.4) * ServiceScale;

        var verticalScans = Poisson(4 * scanCycle);
        for (var s = 0; s < verticalScans; s++)
        {
            var scanner = External();
            var target = TargetBase | (uint)_random.Next(1, 255);
            var t0 = start + _random.NextLong(0, HourNs - 200_000_000_000);
            for (var port = 1; port <= ScannedPorts; port++)
            {
                if (_random.Chance(0.9))
                {
                    Syn(packets, t0 + (port * 100_000_000L), scanner, target, (ushort)port);
                }
            }

            if (ScannedPorts < 42 && _random.Chance(0.9))
            {
                Syn(packets, t0, scanner, target, 42);
            }
        }

        // A sparse UDP sweep now and then (too rare to correlate: its ports stay out of the clusters).
        if (_random.Chance(0.2))
        {
            var scanner = External();
            var target = TargetBase | (uint)_random.Next(1, 255);
            var t0 = start + _random.NextLong(0, HourNs / 2);
            for (var port = 1; port <= Math.Min(ScannedPorts, 1023); port++)
            {
                packets.Add(new FortnightPacket(t0 + (port * 50_000_000L), scanner, target, 40_000, (ushort)port, PacketKind.Udp, TcpFlagBits.None));
            }
        }

        Service(packets, start, Poisson(300 * officeCycle), WebServer, 443);
        Service(packets, start, Poisson(120 * officeCycle), WebServer, 80);
        Service(packets, start, Poisson(40 * ServiceScale), MailServer, 25);
        Service(packets, start, Poisson(8 * ServiceScale), WebServer, 22);
        var queries = Poisson(150 * officeCycle);
        for (var q = 0; q < queries; q++)
        {
            var client = External();
            var t = start + _random.NextLong(0, HourNs);
            var port = (ushort)_random.Next(1024, 65536);
            packets.Add(new FortnightPacket(t, client, DnsServer, port, 53, PacketKind.Udp, TcpFlagBits.None));
            packets.Add(new FortnightPacket(t + 2_000_000, DnsServer, client, 53, port, PacketKind.Udp, TcpFlagBits.None));
        }

        // Home clients browsing: the SYN-ACK coming back lands on the client's ephemeral port (an incoming flow).
        var browsing = Poisson(400 * officeCycle);
        for (var b = 0; b < browsing; b++)
        {
            var client = HomeBase | (2u << 8) | (uint)_random.Next(1, 255);
            var server = External();
            var t = start + _random.NextLong(0, HourNs);
            var port = (ushort)_random.Next(32_768, 61_000);
            Syn(packets, t, client, server, 443);
            packets.Add(new FortnightPacket(t + 30_000_000, server, client, 443, port, PacketKind.Tcp, TcpFlagBits.SynAck));
        }

        // Backscatter: replies to spoofed floods elsewhere, on random ports of random home addresses.
        var backscatter = Poisson(60);
        for (var b = 0; b < backscatter; b++)
        {
            var victim = External();
            var t = start + _random.NextLong(0, HourNs);
            var flags = _random.Chance(0.5) ? TcpFlagBits.SynAck : TcpFlagBits.RstAck;
            packets.Add(new FortnightPacket(t, victim, HomeBase | (uint)_random.Next(1, 1023), 80, (ushort)_random.Next(1024, 65536), PacketKind.Tcp, flags));
        }

        Injected(start, packets);
    }

    private void Injected(long t, List<FortnightPacket> packets)
    {
        foreach (var anomaly in Anomalies)
        {
            if (t < anomaly.StartNs || t >= anomaly.EndNs)
            {
                continue;
            }

            var port = (ushort)anomaly.Port;
            switch (anomaly.Classification)
            {
                case "localized":
                    // One source sweeping the /24 over and over: thousands of flows, one host.
                    var hammer = (198u << 24) | (51u << 16) | (100u << 8) | 7;
                    for (var i = 0; i < 2000; i++)
                    {
                        Syn(packets, t + (i * 1_500_000_000L), hammer, TargetBase | (uint)((i % 254) + 1), port, (ushort)(20_000 + (i % 30_000)));
                    }

                    break;
                case "horizontal_scan":
                    HorizontalScan(packets, t, port, sources: 40, targetsEach: 50);
                    break;
                default:
                    // The worm: infected sources grow by half every six hours, from 10 up to 400, each probing 40 hosts an hour.
                    var hoursIn = (int)((t - anomaly.StartNs) / HourNs);
                    var growth = 10.0;
                    for (var step = 0; step < hoursIn / 6 && growth < 400; step++)
                    {
                        growth *= 1.5;
                    }

                    var infected = (int)Math.Min(400, growth);
                    HorizontalScan(packets, t, port, infected, targetsEach: 40);
                    break;
            }
        }
    }

    private void HorizontalScan(List<FortnightPacket> packets, long start, ushort port, int sources, int targetsEach)
    {
        for (var s = 0; s < sources; s++)
        {
            var scanner = External();
            var t0 = start + _random.NextLong(0, HourNs - (targetsEach * 1_000_000_000L));
            var first = _random.Next(1, 255);
            for (var i = 0; i < targetsEach; i++)
            {
                Syn(packets, t0 + (i * 1_000_000_000L), scanner, TargetBase | (uint)(((first + i) % 254) + 1), port);
            }
        }
    }

    private void Service(List<FortnightPacket> packets, long start, int connections, uint server, ushort port)
    {
        for (var c = 0; c < connections; c++)
        {
            var client = External();
            var t = start + _random.NextLong(0, HourNs);
            var clientPort = (ushort)_random.Next(1024, 65536);
            Syn(packets, t, client, server, port, clientPort);
            packets.Add(new FortnightPacket(t + 20_000_000, server, client, port, clientPort, PacketKind.Tcp, TcpFlagBits.SynAck));
            packets.Add(new FortnightPacket(t + 40_000_000, client, server, clientPort, port, PacketKind.Tcp, TcpFlagBits.Ack));
        }
    }

    private void Syn(List<FortnightPacket> packets, long t, uint source, uint destination, ushort port, ushort sourcePort = 0) =>
        packets.Add(new FortnightPacket(t, source, destination, sourcePort != 0 ? sourcePort : (ushort)_random.Next(1024, 65536), port, PacketKind.Tcp, TcpFlagBits.Syn));

    /// <summary>A random address outside the home network (and outside 0/8, 10/8, 127/8, multicast).</summary>
    private uint External()
    {
        while (true)
        {
            var address = _random.NextUInt32();
            var first = address >> 24;
            if (first is not (0 or 10 or 127) && first < 224)
            {
                return address;
            }
        }
    }

    private int Poisson(double mean)
    {
        // Counts unit-rate exponential gaps (−ln U, with the generator's portable logarithm) that fit in the mean.
        var count = 0;
        var sum = -DeterministicMath.Log(1 - _random.NextDouble());
        while (sum < mean)
        {
            count++;
            sum -= DeterministicMath.Log(1 - _random.NextDouble());
        }

        return count;
    }
}
