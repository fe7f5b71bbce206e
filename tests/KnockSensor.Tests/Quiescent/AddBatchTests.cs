using KnockSensor.Decode;
using KnockSensor.Generator;
using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

/// <summary>
/// <see cref="QuiescentMonitor.AddBatch"/> prefetches ahead but must count exactly like <see cref="QuiescentMonitor.Add"/>
/// on each packet in turn: the same bin rows, anomalies and counters, and byte for byte the same saved state (open
/// bin, sketches, flow table, history, clusters).
/// </summary>
public sealed class AddBatchTests
{
    private const long SecondNs = QuiescentTraffic.SecondNs;

    /// <summary>Run lengths that hit the ring's edges (shorter than, equal to and just past the lookahead) and the pipeline's batch.</summary>
    private static readonly int[] RunLengths = [0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 100, 1000, 4096];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_packets_with_bin_crossings_gaps_late_packets_and_overflow_count_the_same(int seed)
    {
        // Small tables so evictions and key overflow happen; short bins and learning so the model is built and
        // detection runs; low alert thresholds so bursts become anomalies.
        var options = new QuiescentOptions
        {
            BinSeconds = 60,
            HomeNetworks = HomeNetworks.Parse("10.0.0.0/16,2001:db8::/32"),
            FlowIdleTimeoutSeconds = 20,
            FlowTableCapacity = 256,
            MaxKeysPerBin = 48,
            HistoryBins = 16,
            MaxTrackedKeys = 40,
            LearningBins = 8,
            ReclusterEveryBins = 3,
            AlertScore = 2,
            MinExtraFlows = 3,
            MinExtraSources = 2,
        };
        var events = RandomPackets(seed, 60_000);
        var (one, batch) = FeedBoth(options, events, new Random(seed), flushAt: events.Length / 2);

        AssertSame(one, batch);
        Assert.True(one.Monitor.BinsClosed > options.LearningBins, $"{one.Monitor.BinsClosed} bins");
        Assert.True(one.Monitor.LatePackets > 0, "no late packets");
        Assert.True(one.Monitor.FlowsEvicted > 0, "no evictions");
        Assert.True(one.Monitor.KeyOverflowPackets > 0, "no key overflow");
        Assert.NotEmpty(one.Monitor.Anomalies);
    }

    [Fact]
    public void The_generated_fortnight_counts_the_same()
    {
        var traffic = new FortnightTraffic(seed: 1, days: 5, scannedPorts: 60, serviceScale: 0.1);
        var events = traffic.Packets().Select(static p => FortnightStoryTests.ToPortEvent(p)).ToArray();
        var options = new QuiescentOptions { HomeNetworks = HomeNetworks.Parse(FortnightTraffic.HomeNetworkPrefix) };
        var (one, batch) = FeedBoth(options, events, new Random(5), flushAt: -1);

        AssertSame(one, batch);
        Assert.Equal(5 * 24, one.Monitor.BinsClosed);
        Assert.NotEmpty(one.Monitor.Anomalies);
    }

    [Fact]
    public void Adding_a_batch_allocates_nothing()
    {
        var monitor = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 3600, HomeNetworks = QuiescentTraffic.Home, FlowTableCapacity = 1 << 12, MaxKeysPerBin = 1 << 12 });
        var events = new PortEvent[50_000];
        var start = QuiescentTraffic.BinStart(0, 3600);
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = QuiescentTraffic.Syn(start + (i * 1000L), QuiescentTraffic.External(i % 7000), (ushort)(1024 + (i % 300)), QuiescentTraffic.Target(i), (ushort)(i % 2000));
        }

        monitor.AddBatch(events.AsSpan(0, 1000));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1000; i < events.Length; i += 4096)
        {
            monitor.AddBatch(events.AsSpan(i, Math.Min(4096, events.Length - i)));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(monitor.FlowsEvicted > 0);
        Assert.Equal(events.Length, monitor.Packets);
    }

    /// <summary>
    /// Feeds the same events to two monitors, one with <see cref="QuiescentMonitor.Add"/>, one with
    /// <see cref="QuiescentMonitor.AddBatch"/> in runs of the lengths above, and flushes both at the same point.
    /// </summary>
    private static (Fed One, Fed Batch) FeedBoth(QuiescentOptions options, PortEvent[] events, Random random, int flushAt)
    {
        var one = new Fed(options);
        var batch = new Fed(options);
        for (var i = 0; i < events.Length; i++)
        {
            if (i == flushAt)
            {
                one.Monitor.Flush();
            }

            one.Monitor.Add(events[i]);
        }

        one.Monitor.Flush();
        var position = 0;
        while (position < events.Length)
        {
            var end = Math.Min(events.Length, position + RunLengths[random.Next(RunLengths.Length)]);
            if (position < flushAt && end > flushAt)
            {
                end = flushAt;
            }

            batch.Monitor.AddBatch(events.AsSpan(position, end - position));
            if (end == flushAt)
            {
                batch.Monitor.Flush();
            }

            position = end;
        }

        batch.Monitor.Flush();
        return (one, batch);
    }

    private static void AssertSame(Fed one, Fed batch)
    {
        Assert.Equal(one.Monitor.Packets, batch.Monitor.Packets);
        Assert.Equal(one.Monitor.LatePackets, batch.Monitor.LatePackets);
        Assert.Equal(one.Monitor.BinsClosed, batch.Monitor.BinsClosed);
        Assert.Equal(one.Monitor.FlowsStarted, batch.Monitor.FlowsStarted);
        Assert.Equal(one.Monitor.FlowsEvicted, batch.Monitor.FlowsEvicted);
        Assert.Equal(one.Monitor.KeyOverflowPackets, batch.Monitor.KeyOverflowPackets);
        Assert.Equal(one.Rows, batch.Rows);
        Assert.Equal(one.Monitor.Anomalies, batch.Monitor.Anomalies);
        Assert.Equal(Snapshot(one.Monitor), Snapshot(batch.Monitor));
    }

    private static byte[] Snapshot(QuiescentMonitor monitor)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            monitor.WriteState(writer);
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Packets in capture order with the awkward cases mixed in: steps into later bins, gaps longer than the history,
    /// packets from earlier in time (late, some before a flushed bin), every protocol the monitor keys by plus GRE,
    /// undecoded packets and later fragments (not counted), IPv4 and IPv6 hosts inside and outside the home networks.
    /// </summary>
    private static PortEvent[] RandomPackets(int seed, int count)
    {
        var random = new Random(seed);
        var events = new PortEvent[count];
        var now = QuiescentTraffic.BinStart(0, 60);
        IpProtocol[] protocols = [IpProtocol.Tcp, IpProtocol.Tcp, IpProtocol.Tcp, IpProtocol.Udp, IpProtocol.Icmp, IpProtocol.Icmpv6, (IpProtocol)47, IpProtocol.None];
        for (var i = 0; i < count; i++)
        {
            var step = random.Next(10_000);
            now += step switch
            {
                < 4 => random.Next(1, 4) * 60 * SecondNs,
                < 5 => random.Next(17, 30) * 60 * SecondNs,
                < 10 => -random.Next(0, 90) * SecondNs,
                < 60 => -random.Next(0, 5) * SecondNs,
                _ => random.Next(0, 80_000_000),
            };
            var protocol = protocols[random.Next(protocols.Length)];
            var isPorts = protocol is IpProtocol.Tcp or IpProtocol.Udp;
            var isIcmp = protocol is IpProtocol.Icmp or IpProtocol.Icmpv6;
            // Bursts to one port from many sources now and then, so the model sees anomalies.
            var burst = (now / (60 * SecondNs)) % 13 == 5 && random.Next(3) == 0;
            events[i] = new PortEvent
            {
                TimestampNs = now,
                Source = Host(random, burst ? 5000 : 60),
                Destination = Host(random, 60),
                WireLength = random.Next(60, 1500),
                SourcePort = isPorts ? (ushort)(burst ? random.Next(1024, 65536) : random.Next(1024, 1100)) : (ushort)0,
                DestinationPort = isPorts ? (ushort)(burst ? 4444 : random.Next(0, 3) == 0 ? random.Next(65536) : random.Next(20, 60)) : (ushort)0,
                IpVersion = 4,
                Protocol = protocol,
                TcpFlags = protocol == IpProtocol.Tcp ? TcpFlags.Syn : TcpFlags.None,
                IcmpType = isIcmp ? (byte)random.Next(0, 4) : (byte)0,
                IcmpCode = isIcmp ? (byte)random.Next(0, 2) : (byte)0,
                Flags = random.Next(50) == 0 ? PortEventFlags.LaterFragment : PortEventFlags.None,
            };
        }

        return events;
    }

    /// <summary>One of <paramref name="hosts"/> addresses, each IPv4 or IPv6, at home or outside.</summary>
    private static PacketAddress Host(Random random, int hosts)
    {
        var n = random.Next(hosts);
        return (n % 4) switch
        {
            0 => QuiescentTraffic.V4(10, 0, (uint)(n >> 8) & 0xFF, (uint)n & 0xFF),
            1 => QuiescentTraffic.External(n),
            2 => new PacketAddress(0x2001_0db8_0000_0000UL, (ulong)n),
            _ => new PacketAddress(0x2a00_1450_0000_0000UL, (ulong)n),
        };
    }

    private sealed class Fed : IPortBinSink
    {
        public Fed(QuiescentOptions options) => Monitor = new QuiescentMonitor(options, this);

        public QuiescentMonitor Monitor { get; }

        public List<PortBinCounts> Rows { get; } = [];

        public void OnBinCounts(in PortBinCounts counts) => Rows.Add(counts);
    }
}
