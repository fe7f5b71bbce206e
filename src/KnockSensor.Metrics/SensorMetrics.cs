using KnockSensor.Decode;
using Prometheus;

namespace KnockSensor.Metrics;

/// <summary>
/// Every metric the sensor exports (docs/metrics.md; the names are a contract with the alerts and the dashboard in
/// packaging/), created once in one registry, with every child of a fixed label set resolved here so nothing on a
/// periodic path builds label strings.
/// </summary>
/// <remarks>
/// Only <see cref="MetricsPublisher"/> (on the merging thread) and the reload and snapshot code write these; the
/// prometheus-net types are thread-safe, so a scrape on a Kestrel thread may read them at any time.
/// </remarks>
public sealed class SensorMetrics
{
    /// <summary>The <c>proto</c> label values of <see cref="PortEvents"/>, in <see cref="PortEventProtocol"/> order.</summary>
    public static readonly string[] ProtocolLabels = ["tcp", "udp", "icmp", "icmpv6"];

    /// <summary>The <c>classification</c> label values of <see cref="PortAnomalies"/>.</summary>
    public static readonly string[] ClassificationLabels = ["horizontal_scan", "worm", "localized"];

    private const string Prefix = "knocksensor_";

    public SensorMetrics(CollectorRegistry registry, string version, string revision)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);

        factory.CreateGauge(Prefix + "build_info", "The running build: always 1, with its version and source revision as labels.", "version", "revision")
            .WithLabels(version, revision).Set(1);

        Packets = factory.CreateCounter(Prefix + "packets_total", "Frames captured (live) or read (files).");
        Bytes = factory.CreateCounter(Prefix + "bytes_total", "On-the-wire bytes of those frames.");
        KernelDrops = factory.CreateCounter(Prefix + "kernel_drops_total", "Frames the kernel dropped because the capture ring or buffer was full (PACKET_STATISTICS / pcap_stats).");
        InterfaceDrops = factory.CreateCounter(Prefix + "interface_drops_total", "Frames the interface dropped before the kernel saw them (libpcap ps_ifdrop).");
        UnsupportedLinkTypeFrames = factory.CreateCounter(Prefix + "unsupported_link_type_frames_total", "Frames of link types the decoder does not read.");
        LastPacketTimestamp = factory.CreateGauge(Prefix + "last_packet_timestamp_seconds", "Capture time of the newest frame, in Unix seconds (0 before the first).");

        var malformed = factory.CreateCounter(Prefix + "malformed_frames_total", "Corrupt frames, counted and skipped, by the decoder's reason.", "reason");
        MalformedFrames = new Counter.Child[MalformedReasons.Count];
        for (var reason = 1; reason < MalformedReasons.Count; reason++)
        {
            MalformedFrames[reason] = malformed.WithLabels(MalformedReasons.Label((MalformedReason)reason));
        }

        var portEvents = factory.CreateCounter(Prefix + "port_events_total", "Decoded port events (TCP and UDP segments, ICMP and ICMPv6 messages), by protocol.", "proto");
        PortEvents = Array.ConvertAll(ProtocolLabels, label => portEvents.WithLabels(label));

        WindowsClosed = factory.CreateCounter(Prefix + "windows_closed_total", "Knock-mining windows closed.");
        MinSupport = factory.CreateGauge(Prefix + "mining_min_support_ratio", "The miner's current minSupp (automatic unless fixed by the operator).");
        MinInterest = factory.CreateGauge(Prefix + "mining_min_interest_ratio", "The miner's current minInte (automatic unless fixed by the operator).");
        MinConfidence = factory.CreateGauge(Prefix + "mining_min_confidence_ratio", "The miner's minConf.");
        KnockRules = factory.CreateGauge(Prefix + "knock_rules", "Rare rules the miner currently holds.");
        KnockRulesDetected = factory.CreateCounter(Prefix + "knock_rules_detected_total", "knock_rule events: rules reported for the first time.");
        Knocks = factory.CreateGauge(Prefix + "knocks", "Knock doors (sequences) currently tracked.");
        KnocksDetected = factory.CreateCounter(Prefix + "knocks_detected_total", "Knock doors reported (the first knock event of each door id).");
        KnockActivations = factory.CreateCounter(Prefix + "knock_activations_total", "Activations seen on reported knock doors.");
        KnockRuleTop = factory.CreateGauge(Prefix + "knock_rule_top", "The current rules with the highest support (value = support, 0-1), rank 1 first; at most N series.", "rank", "rule");

        var anomalies = factory.CreateCounter(Prefix + "port_anomalies_total", "port_anomaly events of the quiescent-port monitor, by classification.", "classification");
        PortAnomalies = Array.ConvertAll(ClassificationLabels, label => anomalies.WithLabels(label));
        PortDeviationTop = factory.CreateGauge(Prefix + "port_deviation_top", "Ports of the last closed bin that deviated most from their cluster (value = score), rank 1 first; at most N series.", "rank", "proto", "port");

        StateEntries = factory.CreateGauge(Prefix + "state_entries", "Entries in a table that grows with traffic.", "table");
        StateCapacity = factory.CreateGauge(Prefix + "state_capacity_entries", "The cap on that table's entries.", "table");
        StateEvictions = factory.CreateCounter(Prefix + "state_evictions_total", "Entries evicted from that table, or refused because it was full.", "table");

        EventsWritten = factory.CreateCounter(Prefix + "events_written_total", "Events written to the event log.");
        EventsDropped = factory.CreateCounter(Prefix + "events_dropped_total", "Events dropped because the event-log queue was full.");

        ConfigLastReloadSuccessful = factory.CreateGauge(Prefix + "config_last_reload_successful", "1 if the last configuration reload worked (or none was tried yet), else 0.");
        ConfigLastReloadSuccessTimestamp = factory.CreateGauge(Prefix + "config_last_reload_success_timestamp_seconds", "When the configuration was last loaded successfully, in Unix seconds.");
        StateSnapshotLastSuccessTimestamp = factory.CreateGauge(Prefix + "state_snapshot_last_success_timestamp_seconds", "When a state snapshot was last written, in Unix seconds (0 before the first).");
        StateSnapshotFailures = factory.CreateCounter(Prefix + "state_snapshot_failures_total", "State snapshots that could not be written.");
        StateSnapshotRejected = factory.CreateCounter(Prefix + "state_snapshot_rejected_total", "Snapshots found corrupt or incompatible at start, set aside; the run started clean.");
        StateSnapshotBytes = factory.CreateGauge(Prefix + "state_snapshot_bytes", "Size of the last state snapshot written.");
    }

    public Counter Packets { get; }

    public Counter Bytes { get; }

    public Counter KernelDrops { get; }

    public Counter InterfaceDrops { get; }

    public Counter UnsupportedLinkTypeFrames { get; }

    public Gauge LastPacketTimestamp { get; }

    /// <summary>Indexed by <see cref="MalformedReason"/>; slot 0 (None) is empty.</summary>
    public Counter.Child[] MalformedFrames { get; }

    /// <summary>Indexed by <see cref="PortEventProtocol"/>.</summary>
    public Counter.Child[] PortEvents { get; }

    public Counter WindowsClosed { get; }

    public Gauge MinSupport { get; }

    public Gauge MinInterest { get; }

    public Gauge MinConfidence { get; }

    public Gauge KnockRules { get; }

    public Counter KnockRulesDetected { get; }

    public Gauge Knocks { get; }

    public Counter KnocksDetected { get; }

    public Counter KnockActivations { get; }

    public Gauge KnockRuleTop { get; }

    /// <summary>Indexed like <see cref="ClassificationLabels"/>.</summary>
    public Counter.Child[] PortAnomalies { get; }

    public Gauge PortDeviationTop { get; }

    public Gauge StateEntries { get; }

    public Gauge StateCapacity { get; }

    public Counter StateEvictions { get; }

    public Counter EventsWritten { get; }

    public Counter EventsDropped { get; }

    public Gauge ConfigLastReloadSuccessful { get; }

    public Gauge ConfigLastReloadSuccessTimestamp { get; }

    public Gauge StateSnapshotLastSuccessTimestamp { get; }

    public Counter StateSnapshotFailures { get; }

    public Counter StateSnapshotRejected { get; }

    public Gauge StateSnapshotBytes { get; }

    /// <summary>Records the outcome of a configuration (re)load; <paramref name="nowNs"/> is the wall clock in ns since the epoch.</summary>
    public void RecordConfigLoad(bool succeeded, long nowNs)
    {
        ConfigLastReloadSuccessful.Set(succeeded ? 1 : 0);
        if (succeeded)
        {
            ConfigLastReloadSuccessTimestamp.Set(nowNs / 1e9);
        }
    }

    /// <summary>Records the outcome of a state snapshot; <paramref name="nowNs"/> is the wall clock in ns since the epoch.</summary>
    public void RecordSnapshot(bool succeeded, long nowNs)
    {
        if (succeeded)
        {
            StateSnapshotLastSuccessTimestamp.Set(nowNs / 1e9);
        }
        else
        {
            StateSnapshotFailures.Inc();
        }
    }
}

/// <summary>Index of a protocol in <see cref="SensorMetrics.PortEvents"/> and <see cref="SensorMetrics.ProtocolLabels"/>.</summary>
public enum PortEventProtocol
{
    Tcp,
    Udp,
    Icmp,
    Icmpv6,
}
