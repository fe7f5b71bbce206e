using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

public sealed class DetectionTests
{
    [Fact]
    public void Each_verdict_comes_from_the_hosts_and_the_persistence_and_nothing_else_alarms()
    {
        var world = new ScanWorld(1, ScanWorld.ServerPorts(40, 42)).Background(100);
        world.Hammer(60, 42, flows: 500);                       // one host: localized
        world.Scan(70, 42, sources: 30, flowsEach: 20);         // many hosts, one bin: horizontal scan
        for (var bin = 80; bin < 86; bin++)
        {
            world.Scan(bin, 7, sources: 20 + (5 * (bin - 80)), flowsEach: 30);   // many hosts, six bins in a row: worm
        }

        var monitor = world.Run(ScanWorld.Options());

        var found = monitor.Anomalies.Select(a => (a.Port, Bin: (int)((a.BinStartNs - QuiescentTraffic.OriginNs) / (ScanWorld.BinSeconds * QuiescentTraffic.SecondNs)), a.ClassificationName)).ToList();
        (int, int, string)[] expected =
        [
            (42, 60, "localized"),
            (42, 70, "horizontal_scan"),
            (7, 80, "horizontal_scan"),
            (7, 81, "horizontal_scan"),
            (7, 82, "worm"),
            (7, 83, "worm"),
            (7, 84, "worm"),
            (7, 85, "worm"),
        ];
        Assert.Equal(expected.OrderBy(e => e.Item2), found.OrderBy(f => f.Bin));

        var localized = monitor.Anomalies[0];
        Assert.InRange(localized.Flows - localized.Expected, 490.0, 510.0);
        Assert.InRange(localized.Sources, 1, 12);
        Assert.Equal(0, localized.Cluster);
        Assert.Equal(41, localized.ClusterSize);
        Assert.Equal("tcp", SeriesKey.ProtocolName(localized.Key));
        Assert.Equal(4, monitor.Anomalies.Single(a => a.Port == 7 && a.Classification == AnomalyClassification.Worm && a.ConsecutiveBins == 6).ConsecutiveBins - 2);
    }

    [Fact]
    public void No_alerts_during_learning_and_none_on_plain_background()
    {
        var world = new ScanWorld(2, ScanWorld.ServerPorts(40, 42)).Background(96);
        world.Hammer(20, 42, flows: 2000);
        var monitor = world.Run(ScanWorld.Options());
        Assert.True(monitor.IsLearned);
        Assert.Empty(monitor.Anomalies);
        Assert.Equal(96, monitor.BinsClosed);
        Assert.Equal(41, monitor.State.ClusterSize(0));
    }

    [Fact]
    public void An_attack_during_learning_is_not_learned_as_normal()
    {
        const ushort Target = 139;
        var ports = ScanWorld.ServerPorts(30, Target);

        QuiescentMonitor Run(double trimFraction)
        {
            var world = new ScanWorld(3, ports).Background(72);
            world.Scan(10, Target, sources: 30, flowsEach: 40);
            world.Scan(11, Target, sources: 30, flowsEach: 40);
            world.Scan(60, Target, sources: 30, flowsEach: 40);
            world.Scan(61, Target, sources: 30, flowsEach: 40);
            return world.Run(ScanWorld.Options() with { TrimFraction = trimFraction });
        }

        var robust = Run(0.05);
        var state = robust.State;
        var clusterOfTarget = state.SlotCluster[state.SeriesOfKey[SeriesKey.Tcp(Target)]];
        Assert.Equal(state.SlotCluster[state.SeriesOfKey[SeriesKey.Tcp(1)]], clusterOfTarget);
        Assert.Equal(31, state.ClusterSize(clusterOfTarget));
        // The replay after learning is caught, and what was expected is the scanners' usual few flows, not the attack.
        var replay = robust.Anomalies.Where(a => a.Port == Target).ToList();
        Assert.Equal(2, replay.Count);
        Assert.All(replay, a => Assert.InRange(a.Expected, 0, 15));
        Assert.All(replay, a => Assert.Equal(AnomalyClassification.HorizontalScan, a.Classification));

        // The same data through plain Pearson (nothing trimmed): the two attack hours break the port's correlation and
        // it falls out of its cluster — the learning period's attack has changed the model of normal.
        var plain = Run(0);
        Assert.Equal(-1, plain.State.SlotCluster[plain.State.SeriesOfKey[SeriesKey.Tcp(Target)]]);
    }

    [Fact]
    public void Clusters_are_transitive_and_report_their_sizes()
    {
        // A follows s1, B follows s1 + s2, C follows s2, D follows its own noise: A::B and B::C but not A::C.
        // With A and C independent, C(A,B)² + C(B,C)² ≤ 1, so the threshold for this test sits below 1/√2.
        var random = new Random(5);
        var traffic = new QuiescentTraffic();
        const int Bins = 96;
        var a = new double[Bins];
        var b = new double[Bins];
        var c = new double[Bins];
        for (var bin = 0; bin < Bins; bin++)
        {
            var s1 = random.Next(0, 100) + random.Next(0, 100);
            var s2 = random.Next(0, 100) + random.Next(0, 100);
            var s3 = random.Next(0, 100) + random.Next(0, 100);
            a[bin] = 10 + s1;
            b[bin] = 10 + s1 + s2;
            c[bin] = 10 + s2;
            traffic.Flows(bin, 3600, 900, 10 + s1, 5, 0);
            traffic.Flows(bin, 3600, 901, 10 + s1 + s2, 5, 100);
            traffic.Flows(bin, 3600, 902, 10 + s2, 5, 200);
            traffic.Flows(bin, 3600, 903, 10 + s3, 5, 300);
        }

        const double Threshold = 0.45;
        var options = ScanWorld.Options(learningBins: Bins) with { CorrelationThreshold = Threshold };
        var monitor = new QuiescentMonitor(options);
        traffic.FeedTo(monitor);

        var robust = new RobustCorrelation(Bins);
        Assert.True(robust.Compute(a, b) >= Threshold);
        Assert.True(robust.Compute(b, c) >= Threshold);
        Assert.True(robust.Compute(a, c) < Threshold);
        var state = monitor.State;
        int ClusterOf(int port) => state.SlotCluster[state.SeriesOfKey[SeriesKey.Tcp(port)]];
        Assert.Equal(1, state.ClusterCount);
        Assert.Equal(0, ClusterOf(900));
        Assert.Equal(0, ClusterOf(901));
        Assert.Equal(0, ClusterOf(902));
        Assert.Equal(-1, ClusterOf(903));
        Assert.Equal(3, state.ClusterSize(0));
        Assert.Equal(6, state.PairsCorrelated);
    }

    [Fact]
    public void Ports_beyond_the_all_pairs_set_join_clusters_through_profiles()
    {
        ushort[] ephemeral = [40000, 40001, 40002, 40003, 40004, 40005, 40006, 40007];
        var world = new ScanWorld(6, ScanWorld.ServerPorts(6, ephemeral)).Background(48);
        var random = new Random(8);
        for (var bin = 0; bin < 48; bin++)
        {
            world.Traffic.Flows(bin, ScanWorld.BinSeconds, 50000, random.Next(5, 40), 3, 50_000);
        }

        var monitor = world.Run(ScanWorld.Options() with { MaxAllPairsKeys = 6 });
        var state = monitor.State;
        Assert.Equal(6, state.AllPairsKeys);
        // The six server ports all follow the scanners: after port 1's row links them all, no other pair is needed.
        Assert.Equal(5, state.PairsCorrelated);
        Assert.Equal(ephemeral.Length, state.ProfileAssignedKeys);
        Assert.Equal(14, state.ClusterSize(0));
        Assert.All(ephemeral, p => Assert.Equal(0, state.SlotCluster[state.SeriesOfKey[SeriesKey.Tcp(p)]]));
        Assert.Equal(-1, state.SlotCluster[state.SeriesOfKey[SeriesKey.Tcp(50000)]]);
    }

    [Fact]
    public void Adding_packets_allocates_nothing()
    {
        var monitor = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 3600, HomeNetworks = QuiescentTraffic.Home, FlowTableCapacity = 1 << 12, MaxKeysPerBin = 1 << 12 });
        var events = new KnockSensor.Decode.PortEvent[50_000];
        var start = QuiescentTraffic.BinStart(0, 3600);
        for (var i = 0; i < events.Length; i++)
        {
            // New flows, repeated flows, many ports, evictions (more flows than the table holds): all inside one bin.
            events[i] = QuiescentTraffic.Syn(start + (i * 1000L), QuiescentTraffic.External(i % 7000), (ushort)(1024 + (i % 300)), QuiescentTraffic.Target(i), (ushort)(i % 2000));
        }

        foreach (var e in events.AsSpan(0, 1000))
        {
            monitor.Add(e);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (ref readonly var e in events.AsSpan(1000))
        {
            monitor.Add(e);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(monitor.FlowsEvicted > 0);
        Assert.Equal(events.Length, monitor.Packets);
    }
}
