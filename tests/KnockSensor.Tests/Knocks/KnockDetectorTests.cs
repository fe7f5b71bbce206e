using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Knocks;

public sealed class KnockDetectorTests
{
    private const long Second = 1_000_000_000L;
    private const long Start = 1_700_000_000L * Second;
    private static readonly KnockItem[] DoorSequence = [KnockItem.Tcp(31337), KnockItem.Udp(4242), KnockItem.Tcp(27015)];

    [Fact]
    public void A_door_among_background_and_scans_is_one_knock_with_its_target_order_shell_and_activations()
    {
        var target = SyntheticTraffic.Host(7);
        var knocker = SyntheticTraffic.Outside(7);
        var traffic = new SyntheticTraffic(1)
            .Background(Start, Start + (3600 * Second), perSecond: 20)
            .Door(target, knocker, DoorSequence, shell: 40404, Start + (300 * Second), everyNs: 600 * Second, activations: 5)
            .VerticalScan(SyntheticTraffic.Outside(66), target, 20000, 15000, Start + (1000 * Second))
            .VerticalScan(SyntheticTraffic.Outside(67), SyntheticTraffic.Host(9), 1, 12000, Start + (2000 * Second));
        foreach (var round in Enumerable.Range(0, 5))
        {
            traffic.HorizontalScan(SyntheticTraffic.Outside(70), [5555, 6666], hosts: 40, Start + ((500 + (round * 600)) * Second));
        }

        var observer = Run(new KnockDetectorOptions(), traffic.InTimeOrder(), out var detector);

        var knock = Assert.Single(observer.LatestKnocks.Values);
        Assert.Equal(target, knock.Destination);
        Assert.Equal(DoorSequence, knock.Sequence.ToArray());
        Assert.Equal(KnockItem.Tcp(40404), knock.ShellPort);
        Assert.Equal(5, knock.Activations);
        Assert.Equal([knocker], knock.Sources.ToArray());
        Assert.NotEmpty(observer.Rules);
        Assert.All(observer.Rules, r => Assert.Equal(target, r.Destination));
        Assert.All(observer.Rules, r => Assert.All(r.Rule.Antecedent.Concat(r.Rule.Consequent), item => Assert.Contains(item, DoorSequence.Append(KnockItem.Tcp(40404)))));
        Assert.True(detector.Windower.Counters.ScannersFlagged >= 2, "both vertical scanners are flagged");
        Assert.Equal(Start + (300 * Second), knock.FirstSeenNs, tolerance: Second);
    }

    [Fact]
    public void Spoofed_knock_sources_are_all_reported_and_the_shell_still_found()
    {
        var target = SyntheticTraffic.Host(8);
        var traffic = new SyntheticTraffic(2)
            .Background(Start, Start + (3600 * Second), perSecond: 20)
            .Door(target, SyntheticTraffic.Outside(8), DoorSequence, shell: 50505, Start + (200 * Second), everyNs: 500 * Second, activations: 6, spoofed: true);

        var observer = Run(new KnockDetectorOptions(), traffic.InTimeOrder(), out _);

        var knock = Assert.Single(observer.LatestKnocks.Values);
        Assert.Equal(DoorSequence, knock.Sequence.ToArray());
        Assert.Equal(KnockItem.Tcp(50505), knock.ShellPort);
        Assert.Equal(6, knock.Activations);
        Assert.True(knock.SourceCount >= 15, $"{knock.SourceCount} sources");
    }

    [Fact]
    public void The_automatic_thresholds_find_a_door_knocked_min_activations_times_and_not_one_knocked_fewer()
    {
        var found = RunDoor(activations: 3, minActivations: 3);
        var missed = RunDoor(activations: 2, minActivations: 3);

        Assert.Single(found.LatestKnocks.Values);
        Assert.Empty(missed.LatestKnocks.Values);
        Assert.Empty(missed.Rules);
    }

    [Fact]
    public void Knock_free_traffic_with_scans_gives_no_rule_and_no_knock()
    {
        var traffic = new SyntheticTraffic(3).Background(Start, Start + (3600 * Second), perSecond: 20);
        for (var round = 0; round < 6; round++)
        {
            traffic.VerticalScan(SyntheticTraffic.Outside(80), SyntheticTraffic.Host(3), 1000, 3000, Start + ((100 + (round * 500)) * Second));
            traffic.HorizontalScan(SyntheticTraffic.Outside(81), [7777, 8888, 9999], hosts: 60, Start + ((300 + (round * 500)) * Second));
        }

        var observer = Run(new KnockDetectorOptions(), traffic.InTimeOrder(), out var detector);

        Assert.Empty(observer.Rules);
        Assert.Empty(observer.LatestKnocks);
        Assert.True(detector.Windower.Counters.ScannerAccesses > 10_000);
    }

    [Fact]
    public void Without_the_scanner_filter_and_host_ties_the_repeated_scans_do_make_rules()
    {
        // The other side of the test above: the same scans are what the filters remove, not something the miner never sees.
        var traffic = new SyntheticTraffic(3).Background(Start, Start + (3600 * Second), perSecond: 20);
        for (var round = 0; round < 6; round++)
        {
            traffic.HorizontalScan(SyntheticTraffic.Outside(81), [7777, 8888, 9999], hosts: 60, Start + ((300 + (round * 500)) * Second));
        }

        var options = new KnockDetectorOptions
        {
            Windowing = new WindowingOptions { ScannerDistinctItems = 0 },
            RequireHost = false,
        };
        var observer = Run(options, traffic.InTimeOrder(), out _);

        Assert.Contains(observer.Rules, r => r.Rule.Antecedent.Contains(KnockItem.Tcp(7777)) && r.Destination is null);
    }

    [Fact]
    public void Operator_thresholds_win_over_the_automatic_ones()
    {
        var options = new KnockDetectorOptions
        {
            AutoMinSupport = false,
            AutoMinInterest = false,
            Mining = new KnockSensor.Mining.MiningOptions { HistoryLength = 256, MinSupport = 0.2, MinInterest = 0.9 },
        };
        var traffic = new SyntheticTraffic(4)
            .Background(Start, Start + (1800 * Second), perSecond: 20)
            .Door(SyntheticTraffic.Host(7), SyntheticTraffic.Outside(7), DoorSequence, 40404, Start + (100 * Second), 300 * Second, 5);

        var observer = Run(options, traffic.InTimeOrder(), out var detector);

        Assert.Equal(0.2, detector.Miner.MinSupport);
        Assert.Equal(0.9, detector.Miner.MinInterest);
        Assert.Empty(observer.Rules);
    }

    [Fact]
    public void A_spoofed_random_port_flood_at_one_host_stays_within_the_bounds_and_is_no_knock()
    {
        // Every packet from a new source, so no source is a scanner; the flood covers the whole port space many times.
        var random = new Random(9);
        var flood = new List<PortEvent>();
        var victim = SyntheticTraffic.Host(5);
        for (var i = 0; i < 200_000; i++)
        {
            flood.Add(new PortEvent
            {
                TimestampNs = Start + (i * 5_000_000L),
                Source = PacketAddress.FromIPv4((uint)random.Next()),
                Destination = victim,
                IpVersion = 4,
                Protocol = random.Next(2) == 0 ? IpProtocol.Tcp : IpProtocol.Udp,
                TcpFlags = TcpFlags.Syn,
                SourcePort = 40000,
                DestinationPort = (ushort)random.Next(65536),
            });
        }

        var observer = Run(new KnockDetectorOptions(), flood, out var detector);

        Assert.Empty(observer.LatestKnocks);
        var mining = detector.Miner.Counters;
        // One host, always in its episode: windows fill to twice ws with late joiners.
        Assert.True(detector.Windower.Counters.WindowsClosed >= 350, $"{detector.Windower.Counters.WindowsClosed} windows");
        Assert.True(detector.Miner.History.DistinctItems > 50_000, $"{detector.Miner.History.DistinctItems} items held");
        Assert.True(mining.PeakCandidates <= detector.Options.Mining.MaxCandidateItemsets);
        Assert.True(detector.Counters.SweptHostRejections > 0, "chance pairs on the swept host were seen and rejected");
    }

    private static RecordingObserver RunDoor(int activations, int minActivations)
    {
        var traffic = new SyntheticTraffic(5)
            .Background(Start, Start + (3600 * Second), perSecond: 20)
            .Door(SyntheticTraffic.Host(7), SyntheticTraffic.Outside(7), DoorSequence, 40404, Start + (300 * Second), 900 * Second, activations);
        return Run(new KnockDetectorOptions { MinActivations = minActivations }, traffic.InTimeOrder(), out _);
    }

    private static RecordingObserver Run(KnockDetectorOptions options, List<PortEvent> events, out KnockDetector detector)
    {
        var observer = new RecordingObserver();
        detector = new KnockDetector(options, observer);
        foreach (var portEvent in events)
        {
            detector.Add(portEvent);
        }

        detector.Flush();
        return observer;
    }

    private sealed class RecordingObserver : IKnockObserver
    {
        public List<ReportedRule> Rules { get; } = [];

        public Dictionary<int, KnockSequence> LatestKnocks { get; } = [];

        public void OnRule(ReportedRule rule) => Rules.Add(rule);

        public void OnKnock(KnockSequence knock) => LatestKnocks[knock.Id] = knock;
    }
}
