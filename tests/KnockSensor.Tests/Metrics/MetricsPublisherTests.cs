using System.Collections.Immutable;
using KnockSensor.Capture;
using KnockSensor.Capture.Live;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Metrics;
using KnockSensor.Quiescent;
using KnockSensor.Windowing;
using Prometheus;

namespace KnockSensor.Tests.Metrics;

/// <summary>
/// The publisher puts each stage total into the series the contract names (METRICS-CONTRACT.md, docs/metrics.md). The
/// inputs are built by hand here and the expected values are counted from those inputs, not read back from the stages.
/// </summary>
public sealed class MetricsPublisherTests
{
    private const long Second = 1_000_000_000L;

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly SensorMetrics _metrics;

    public MetricsPublisherTests() => _metrics = new SensorMetrics(_registry, "1.2.3", "abc123");

    [Fact]
    public void Decode_totals_of_every_capture_thread_are_summed_into_their_series()
    {
        // Thread 1: 3 TCP (1500 + 60 + 60 bytes), 1 UDP (100), 1 malformed bad_udp_length (42).
        // Thread 2: 2 ICMP (98 each), 1 ICMPv6 (70), 1 unsupported link type (500), 2 truncated_ip_header (30 each).
        var first = new DecodeCounters();
        Record(first, DecodeStatus.Transport, IpProtocol.Tcp, 1500, 10 * Second);
        Record(first, DecodeStatus.Transport, IpProtocol.Tcp, 60, 11 * Second);
        Record(first, DecodeStatus.Transport, IpProtocol.Tcp, 60, 12 * Second);
        Record(first, DecodeStatus.Transport, IpProtocol.Udp, 100, 13 * Second);
        Record(first, DecodeStatus.Malformed, IpProtocol.None, 42, 14 * Second, MalformedReason.BadUdpLength);
        var second = new DecodeCounters();
        Record(second, DecodeStatus.Transport, IpProtocol.Icmp, 98, 20 * Second);
        Record(second, DecodeStatus.Transport, IpProtocol.Icmp, 98, 21 * Second);
        Record(second, DecodeStatus.Transport, IpProtocol.Icmpv6, 70, 22 * Second);
        Record(second, DecodeStatus.UnsupportedLinkType, IpProtocol.None, 500, 23 * Second);
        Record(second, DecodeStatus.Malformed, IpProtocol.None, 30, 24 * Second, MalformedReason.TruncatedIpHeader);
        Record(second, DecodeStatus.Malformed, IpProtocol.None, 30, 25 * Second, MalformedReason.TruncatedIpHeader);

        var publisher = new MetricsPublisher(_metrics);
        publisher.AttachCapture([first, second], static () => new CaptureStatistics(Packets: 900, Drops: 17, InterfaceDrops: 3));
        publisher.Publish();
        var samples = Exposition.Scrape(_registry);

        Assert.Equal(11, samples["knocksensor_packets_total"]);
        Assert.Equal(1500 + 60 + 60 + 100 + 42 + 98 + 98 + 70 + 500 + 30 + 30, samples["knocksensor_bytes_total"]);
        Assert.Equal(17, samples["knocksensor_kernel_drops_total"]);
        Assert.Equal(3, samples["knocksensor_interface_drops_total"]);
        Assert.Equal(1, samples["knocksensor_unsupported_link_type_frames_total"]);
        Assert.Equal(3, samples["knocksensor_port_events_total{proto=\"tcp\"}"]);
        Assert.Equal(1, samples["knocksensor_port_events_total{proto=\"udp\"}"]);
        Assert.Equal(2, samples["knocksensor_port_events_total{proto=\"icmp\"}"]);
        Assert.Equal(1, samples["knocksensor_port_events_total{proto=\"icmpv6\"}"]);
        Assert.Equal(1, samples["knocksensor_malformed_frames_total{reason=\"bad_udp_length\"}"]);
        Assert.Equal(2, samples["knocksensor_malformed_frames_total{reason=\"truncated_ip_header\"}"]);
        Assert.Equal(25, samples["knocksensor_last_packet_timestamp_seconds"]);
        Assert.Equal(1, samples["knocksensor_build_info{version=\"1.2.3\",revision=\"abc123\"}"]);

        // Every reason of the fixed list is exported from the start (so rate() works from the first scrape), "none" is not.
        var reasons = Exposition.Series(samples, "knocksensor_malformed_frames_total");
        Assert.Equal(MalformedReasons.Count - 1, reasons.Count);
        Assert.DoesNotContain("knocksensor_malformed_frames_total{reason=\"none\"}", reasons.Keys);
        Assert.Equal(3, reasons.Values.Sum());
    }

    [Fact]
    public void Counters_follow_the_totals_as_they_grow_between_ticks()
    {
        var counters = new DecodeCounters();
        var publisher = new MetricsPublisher(_metrics);
        publisher.AttachCapture([counters], null);
        for (var tick = 1; tick <= 3; tick++)
        {
            for (var i = 0; i < tick * 10; i++)
            {
                Record(counters, DecodeStatus.Transport, IpProtocol.Udp, 64, tick * Second);
            }

            publisher.Publish();
        }

        var samples = Exposition.Scrape(_registry);
        Assert.Equal(10 + 20 + 30, samples["knocksensor_packets_total"]);
        Assert.Equal(60 * 64, samples["knocksensor_bytes_total"]);
        Assert.Equal(60, samples["knocksensor_port_events_total{proto=\"udp\"}"]);
    }

    [Fact]
    public void Knock_detector_settings_and_tables_reach_their_series()
    {
        var options = new KnockDetectorOptions
        {
            Windowing = new WindowingOptions { WindowSize = 10 },
            Mining = new KnockSensor.Mining.MiningOptions { HistoryLength = 16, MinSupport = 0.25, MinInterest = 0.125, MinConfidence = 0.85, MaxRules = 777 },
            AutoMinSupport = false,
            AutoMinInterest = false,
            MaxKnocks = 55,
            MaxReportedRules = 99,
        };
        var detector = new KnockDetector(options);

        // 47 connection attempts to one port, a second apart: windows of 10 close as the next one fills.
        for (var i = 0; i < 47; i++)
        {
            var syn = new PortEvent
            {
                TimestampNs = (1000 + (i * 40L)) * Second,
                Source = PacketAddress.FromIPv4(0x0A000001u + (uint)i),
                Destination = PacketAddress.FromIPv4(0x0A0000FEu),
                Protocol = IpProtocol.Tcp,
                TcpFlags = TcpFlags.Syn,
                DestinationPort = 22,
                IpVersion = 4,
                WireLength = 60,
            };
            detector.Add(syn);
        }

        var publisher = new MetricsPublisher(_metrics) { Detector = detector };
        publisher.Publish();
        var samples = Exposition.Scrape(_registry);

        Assert.Equal(0.25, samples["knocksensor_mining_min_support_ratio"]);
        Assert.Equal(0.125, samples["knocksensor_mining_min_interest_ratio"]);
        Assert.Equal(0.85, samples["knocksensor_mining_min_confidence_ratio"]);
        Assert.Equal(4, samples["knocksensor_windows_closed_total"]);
        Assert.Equal(0, samples["knocksensor_knock_rules"]);
        Assert.Equal(0, samples["knocksensor_knocks"]);
        Assert.Equal(777, samples["knocksensor_state_capacity_entries{table=\"knock_rules\"}"]);
        Assert.Equal(99, samples["knocksensor_state_capacity_entries{table=\"reported_rules\"}"]);
        Assert.Equal(55, samples["knocksensor_state_capacity_entries{table=\"knocks\"}"]);
        Assert.Equal(ScannerTracker.MaxRemembered, samples["knocksensor_state_capacity_entries{table=\"scanners\"}"]);

        // No quiescent monitor in this run: its tables publish nothing rather than zeros.
        Assert.DoesNotContain(samples.Keys, static k => k.Contains("table=\"flows\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Live_episodes_are_counted_at_the_newest_packets_time_and_drop_to_zero_after_the_gap()
    {
        var detector = new KnockDetector(new KnockDetectorOptions { Windowing = new WindowingOptions { WindowSize = 100 } });
        var last = 5000 * Second;
        for (var i = 0; i < 5; i++)
        {
            detector.Add(new PortEvent
            {
                TimestampNs = last - ((4 - i) * Second),
                Source = PacketAddress.FromIPv4(0x0A000001u + (uint)i),
                Destination = PacketAddress.FromIPv4(0x0A0000FEu + (uint)i),
                Protocol = IpProtocol.Tcp,
                TcpFlags = TcpFlags.Syn,
                DestinationPort = 7000,
                IpVersion = 4,
                WireLength = 60,
            });
        }

        var counters = new DecodeCounters();
        Record(counters, DecodeStatus.Transport, IpProtocol.Tcp, 60, last);
        var publisher = new MetricsPublisher(_metrics) { Detector = detector };
        publisher.AttachCapture([counters], static () => default);
        publisher.Publish();
        var during = Exposition.Scrape(_registry)["knocksensor_state_entries{table=\"episodes\"}"];

        // Five pairs to five hosts within a few seconds: one pair episode and one host episode each, all live.
        Assert.Equal(10, during);
        Assert.Equal(2 * 16384, Exposition.Scrape(_registry)["knocksensor_state_capacity_entries{table=\"episodes\"}"]);

        Record(counters, DecodeStatus.Transport, IpProtocol.Tcp, 60, last + TimeSpan.FromMinutes(5).Ticks * 100);
        publisher.Publish();
        Assert.Equal(0, Exposition.Scrape(_registry)["knocksensor_state_entries{table=\"episodes\"}"]);
    }

    [Fact]
    public void Reported_doors_and_their_activations_are_counted_once_per_door()
    {
        var tap = new KnockObserverTap(inner: null);
        tap.OnKnock(Knock(id: 1, activations: 3));
        tap.OnKnock(Knock(id: 1, activations: 5));
        tap.OnKnock(Knock(id: 2, activations: 2));
        tap.OnKnock(Knock(id: 1, activations: 5));

        var publisher = new MetricsPublisher(_metrics) { KnockTap = tap };
        publisher.Publish();
        var samples = Exposition.Scrape(_registry);

        Assert.Equal(2, samples["knocksensor_knocks_detected_total"]);
        Assert.Equal(5 + 2, samples["knocksensor_knock_activations_total"]);
    }

    [Fact]
    public void Port_anomalies_are_counted_by_classification_and_only_the_last_bins_ports_are_ranked()
    {
        var monitor = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 60 });
        var publisher = new MetricsPublisher(_metrics, topN: 2) { Quiescent = monitor };

        // Bin 100: three anomalies; bin 101: two. Ranked by score, at most 2.
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(23), bin: 100, score: 9, AnomalyClassification.Worm));
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(445), bin: 100, score: 12, AnomalyClassification.HorizontalScan));
        monitor.Anomalies.Add(Anomaly(SeriesKey.Udp(1900), bin: 100, score: 7, AnomalyClassification.Localized));
        monitor.State.LastClosedBin = 100;
        publisher.Publish();
        var first = Exposition.Series(Exposition.Scrape(_registry), "knocksensor_port_deviation_top");
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["knocksensor_port_deviation_top{rank=\"1\",proto=\"tcp\",port=\"445\"}"] = 12,
                ["knocksensor_port_deviation_top{rank=\"2\",proto=\"tcp\",port=\"23\"}"] = 9,
            },
            first);

        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(3389), bin: 101, score: 6.5, AnomalyClassification.HorizontalScan));
        monitor.State.LastClosedBin = 101;
        publisher.Publish();
        var samples = Exposition.Scrape(_registry);
        Assert.Equal(2, samples["knocksensor_port_anomalies_total{classification=\"horizontal_scan\"}"]);
        Assert.Equal(1, samples["knocksensor_port_anomalies_total{classification=\"worm\"}"]);
        Assert.Equal(1, samples["knocksensor_port_anomalies_total{classification=\"localized\"}"]);
        Assert.Equal(
            new Dictionary<string, double> { ["knocksensor_port_deviation_top{rank=\"1\",proto=\"tcp\",port=\"3389\"}"] = 6.5 },
            Exposition.Series(samples, "knocksensor_port_deviation_top"));

        // A later bin closed quietly: nothing deviates in the last closed bin any more.
        monitor.State.LastClosedBin = 102;
        publisher.Publish();
        Assert.Empty(Exposition.Series(Exposition.Scrape(_registry), "knocksensor_port_deviation_top"));
        Assert.Equal(0, publisher.TopDeviationsPublished);
    }

    [Fact]
    public void Anomalies_drained_by_the_live_reporter_after_each_look_are_all_counted()
    {
        var monitor = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 60 });
        var publisher = new MetricsPublisher(_metrics) { Quiescent = monitor };

        // Tick 1 sees two anomalies, then the reporter drains the list; tick 2 sees three new ones (more than before).
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(1), bin: 5, score: 8, AnomalyClassification.Localized));
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(2), bin: 5, score: 8, AnomalyClassification.Localized));
        publisher.Publish();
        monitor.Anomalies.Clear();
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(3), bin: 6, score: 8, AnomalyClassification.Worm));
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(4), bin: 6, score: 8, AnomalyClassification.Worm));
        monitor.Anomalies.Add(Anomaly(SeriesKey.Tcp(5), bin: 6, score: 8, AnomalyClassification.Localized));
        publisher.Publish();
        monitor.Anomalies.Clear();
        publisher.Publish();

        var samples = Exposition.Scrape(_registry);
        Assert.Equal(3, samples["knocksensor_port_anomalies_total{classification=\"localized\"}"]);
        Assert.Equal(2, samples["knocksensor_port_anomalies_total{classification=\"worm\"}"]);
        Assert.Equal(0, samples["knocksensor_port_anomalies_total{classification=\"horizontal_scan\"}"]);
    }

    [Fact]
    public void Reload_and_snapshot_outcomes_set_their_gauges()
    {
        _metrics.RecordConfigLoad(succeeded: true, 1_700_000_000 * Second);
        _metrics.RecordConfigLoad(succeeded: false, 1_700_000_100 * Second);
        _metrics.RecordSnapshot(succeeded: true, 1_700_000_050 * Second);
        _metrics.RecordSnapshot(succeeded: false, 1_700_000_060 * Second);
        var samples = Exposition.Scrape(_registry);

        Assert.Equal(0, samples["knocksensor_config_last_reload_successful"]);
        Assert.Equal(1_700_000_000, samples["knocksensor_config_last_reload_success_timestamp_seconds"]);
        Assert.Equal(1_700_000_050, samples["knocksensor_state_snapshot_last_success_timestamp_seconds"]);
        Assert.Equal(1, samples["knocksensor_state_snapshot_failures_total"]);
    }

    private static void Record(DecodeCounters counters, DecodeStatus status, IpProtocol protocol, int wireLength, long timestampNs, MalformedReason reason = MalformedReason.None)
    {
        var portEvent = new PortEvent { Protocol = protocol, IpVersion = (byte)(protocol == IpProtocol.Icmpv6 ? 6 : 4), WireLength = wireLength, TimestampNs = timestampNs };
        var info = new FrameInfo(timestampNs, wireLength, status == DecodeStatus.UnsupportedLinkType ? (LinkType)147 : LinkType.Ethernet);
        counters.Record(status, portEvent, reason, info, wireLength);
    }

    private static KnockSequence Knock(int id, long activations) =>
        new(id, PacketAddress.FromIPv4(0x0A000001u), [KnockItem.Tcp(7000), KnockItem.Tcp(8000)], null, activations, 0, 0, ImmutableArray<PacketAddress>.Empty, 1, IsUpdate: false);

    private static PortAnomaly Anomaly(int key, long bin, double score, AnomalyClassification classification) =>
        new(key, bin * 60 * Second, 60, Flows: 50, Expected: 1, score, Sources: 10, ExpectedSources: 1, Destinations: 40, classification, Cluster: 0, ClusterSize: 4, ConsecutiveBins: 1, Packets: 100, Bytes: 6000);
}
