using System.Collections.Immutable;
using KnockSensor.Capture.Live;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Mining;
using KnockSensor.Output;
using KnockSensor.Quiescent;
using KnockSensor.Windowing;

namespace KnockSensor.Metrics;

/// <summary>
/// Copies the stages' running totals into <see cref="SensorMetrics"/>: counters with <c>IncTo</c>, gauges with
/// <c>Set</c>. Called about once a second on the thread that owns the stages (the live merging thread), never per
/// packet: the hot path only ever touches the stages' own plain fields.
/// </summary>
/// <remarks>
/// The decode counters belong to the capture threads and are read here while those threads write them. That is safe
/// for what is read: every field is a naturally aligned 64-bit integer that only grows, and on x64 an aligned 64-bit
/// load is atomic, so a read sees some recent value, never a torn one; totals across fields may be a few frames apart,
/// which the next tick settles. The same holds for the kernel statistics (three 64-bit fields).
/// </remarks>
public sealed class MetricsPublisher
{
    /// <summary>The default N of the top-N gauges (<c>--web.top-n</c>).</summary>
    public const int DefaultTopN = 20;

    private readonly SensorMetrics _metrics;
    private readonly TopGauge<(ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y)> _topRules;
    private readonly TopGauge<int> _topDeviations;
    private readonly List<KnockRule> _rankedRules = [];
    private readonly List<PortAnomaly> _lastBinAnomalies = [];
    private long _lastPacketNs;
    private readonly TableSeries _knockRulesTable;
    private readonly TableSeries _reportedRulesTable;
    private readonly TableSeries _knocksTable;
    private readonly TableSeries _episodesTable;
    private readonly TableSeries _scannersTable;
    private readonly TableSeries _flowsTable;
    private readonly TableSeries _quiescentKeysTable;
    private IReadOnlyList<DecodeCounters> _decode = [];
    private Func<CaptureStatistics>? _captureStatistics;
    private IReadOnlyList<KnockRule>? _rankedFrom;
    private int _anomaliesSeen;
    private PortAnomaly? _lastAnomalySeen;
    private long _lastBinStartNs = long.MinValue;
    private long _anomaliesByClass0;
    private long _anomaliesByClass1;
    private long _anomaliesByClass2;

    public MetricsPublisher(SensorMetrics metrics, int topN = DefaultTopN)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        _metrics = metrics;
        _topRules = new TopGauge<(ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y)>(metrics.KnockRuleTop, topN, RuleItemsComparer.Instance, static rule => [FormatRule(rule.X, rule.Y)]);
        _topDeviations = new TopGauge<int>(metrics.PortDeviationTop, topN, EqualityComparer<int>.Default, static key => [SeriesKey.ProtocolName(key), SeriesKey.Port(key).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        _knockRulesTable = new TableSeries(metrics, "knock_rules");
        _reportedRulesTable = new TableSeries(metrics, "reported_rules");
        _knocksTable = new TableSeries(metrics, "knocks");
        _episodesTable = new TableSeries(metrics, "episodes");
        _scannersTable = new TableSeries(metrics, "scanners");
        _flowsTable = new TableSeries(metrics, "flows");
        _quiescentKeysTable = new TableSeries(metrics, "quiescent_keys");
    }

    public SensorMetrics Metrics => _metrics;

    /// <summary>The knock detector to read, or null.</summary>
    public KnockDetector? Detector { get; init; }

    /// <summary>The tap on the detector's observer (doors reported, their activations), or null.</summary>
    public KnockObserverTap? KnockTap { get; init; }

    /// <summary>
    /// The quiescent-port monitor to read, or null. Whoever drains its anomaly list (the live run's reporter) must run
    /// after <see cref="Publish"/> in the same tick, or the anomalies drained in between are not counted.
    /// </summary>
    public QuiescentMonitor? Quiescent { get; init; }

    /// <summary>The event log to count, or null.</summary>
    public EventLog? Events { get; init; }

    /// <summary>Whether the last configuration load worked and when one last did (UTC), or null when nothing reloads.</summary>
    public Func<(bool Successful, DateTime LastSuccessUtc)>? ConfigStatus { get; init; }

    /// <summary>The rules in the top-N gauge now (for tests and the landing page).</summary>
    public int TopRulesPublished => _topRules.Count;

    /// <summary>The ports in the deviation top-N gauge now.</summary>
    public int TopDeviationsPublished => _topDeviations.Count;

    /// <summary>
    /// The capture side, known once capture starts: each capture thread's decode counters and the kernel's totals
    /// (summed over threads by <paramref name="captureStatistics"/>; null for file input).
    /// </summary>
    public void AttachCapture(IReadOnlyList<DecodeCounters> decode, Func<CaptureStatistics>? captureStatistics)
    {
        ArgumentNullException.ThrowIfNull(decode);
        _decode = decode;
        _captureStatistics = captureStatistics;
    }

    /// <summary>Copies every total into the metrics.</summary>
    public void Publish()
    {
        PublishDecode();
        if (_captureStatistics is not null)
        {
            var statistics = _captureStatistics();
            _metrics.KernelDrops.IncTo(statistics.Drops);
            _metrics.InterfaceDrops.IncTo(statistics.InterfaceDrops);
        }

        if (Detector is not null)
        {
            PublishDetector(Detector);
        }

        if (KnockTap is not null)
        {
            _metrics.KnocksDetected.IncTo(KnockTap.KnocksReported);
            _metrics.KnockActivations.IncTo(KnockTap.Activations);
        }

        if (Quiescent is not null)
        {
            PublishQuiescent(Quiescent);
        }

        if (Events is not null)
        {
            _metrics.EventsWritten.IncTo(Events.EventsWritten);
            _metrics.EventsDropped.IncTo(Events.EventsDropped);
        }

        if (ConfigStatus is not null)
        {
            var (successful, lastSuccess) = ConfigStatus();
            _metrics.ConfigLastReloadSuccessful.Set(successful ? 1 : 0);
            _metrics.ConfigLastReloadSuccessTimestamp.Set((lastSuccess - DateTime.UnixEpoch).TotalSeconds);
        }
    }

    private void PublishDecode()
    {
        long frames = 0, bytes = 0, unsupported = 0, tcp = 0, udp = 0, icmp = 0, icmpv6 = 0, last = 0;
        foreach (var counters in _decode)
        {
            frames += counters.Frames;
            bytes += counters.WireBytes;
            unsupported += counters.UnsupportedLinkType;
            tcp += counters.Tcp;
            udp += counters.Udp;
            icmp += counters.Icmp;
            icmpv6 += counters.Icmpv6;
            last = Math.Max(last, counters.LastTimestampNs);
        }

        _metrics.Packets.IncTo(frames);
        _metrics.Bytes.IncTo(bytes);
        _metrics.UnsupportedLinkTypeFrames.IncTo(unsupported);
        _metrics.PortEvents[(int)PortEventProtocol.Tcp].IncTo(tcp);
        _metrics.PortEvents[(int)PortEventProtocol.Udp].IncTo(udp);
        _metrics.PortEvents[(int)PortEventProtocol.Icmp].IncTo(icmp);
        _metrics.PortEvents[(int)PortEventProtocol.Icmpv6].IncTo(icmpv6);
        if (last > 0)
        {
            _metrics.LastPacketTimestamp.Set(last / 1e9);
            _lastPacketNs = last;
        }

        for (var reason = 1; reason < MalformedReasons.Count; reason++)
        {
            long malformed = 0;
            foreach (var counters in _decode)
            {
                malformed += counters.MalformedBy((MalformedReason)reason);
            }

            _metrics.MalformedFrames[reason].IncTo(malformed);
        }
    }

    private void PublishDetector(KnockDetector detector)
    {
        var options = detector.Options;
        var windowing = detector.Windower.Counters;
        var mining = detector.Miner.Counters;
        var knocks = detector.Counters;
        var rules = detector.Miner.Rules;

        _metrics.WindowsClosed.IncTo(windowing.WindowsClosed);
        _metrics.MinSupport.Set(detector.Miner.MinSupport);
        _metrics.MinInterest.Set(detector.Miner.MinInterest);
        _metrics.MinConfidence.Set(options.Mining.MinConfidence);
        _metrics.KnockRules.Set(rules.Count);
        _metrics.KnockRulesDetected.IncTo(knocks.RulesReported);
        _metrics.Knocks.Set(knocks.Knocks);

        _knockRulesTable.Publish(rules.Count, options.Mining.MaxRules, mining.RulesDropped);
        _reportedRulesTable.Publish(knocks.RulesReported, options.MaxReportedRules, evictions: 0);
        _knocksTable.Publish(knocks.Knocks, options.MaxKnocks, knocks.KnocksDropped);

        // Fill levels by scanning fixed tables (16 Ki entries each): once a tick, at the newest packet's time.
        _episodesTable.Publish(detector.Windower.LiveEpisodes(_lastPacketNs), detector.Windower.EpisodeCapacity, windowing.EpisodesEvicted);
        if (detector.Windower.Scanners is { } scanners)
        {
            _scannersTable.Publish(scanners.RememberedCount, ScannerTracker.MaxRemembered, scanners.FlaggedEvicted);
        }

        PublishTopRules(rules);
    }

    private void PublishTopRules(IReadOnlyList<KnockRule> rules)
    {
        // The miner hands back the same list object while nothing changed: nothing to re-rank then.
        if (ReferenceEquals(rules, _rankedFrom))
        {
            return;
        }

        _rankedFrom = rules;
        _rankedRules.Clear();
        _rankedRules.AddRange(rules);
        _rankedRules.Sort(static (a, b) => a.Support != b.Support ? b.Support.CompareTo(a.Support) : KnockRule.CompareByItems(a, b));
        var count = Math.Min(_rankedRules.Count, _topRules.Capacity);
        for (var rank = 0; rank < count; rank++)
        {
            var rule = _rankedRules[rank];
            _topRules.Set(rank, (rule.Antecedent, rule.Consequent), rule.Support);
        }

        _topRules.Truncate(count);
        _rankedRules.Clear();
    }

    private void PublishQuiescent(QuiescentMonitor monitor)
    {
        var anomalies = monitor.Anomalies;
        if (_anomaliesSeen > anomalies.Count || (_anomaliesSeen > 0 && !ReferenceEquals(anomalies[_anomaliesSeen - 1], _lastAnomalySeen)))
        {
            // The list was drained since the last look (by the event reporter after that look): all of it is new.
            _anomaliesSeen = 0;
        }

        for (var i = _anomaliesSeen; i < anomalies.Count; i++)
        {
            var anomaly = anomalies[i];
            switch (anomaly.Classification)
            {
                case AnomalyClassification.HorizontalScan:
                    _anomaliesByClass0++;
                    break;
                case AnomalyClassification.Worm:
                    _anomaliesByClass1++;
                    break;
                default:
                    _anomaliesByClass2++;
                    break;
            }

            if (anomaly.BinStartNs > _lastBinStartNs)
            {
                _lastBinStartNs = anomaly.BinStartNs;
                _lastBinAnomalies.Clear();
            }

            if (anomaly.BinStartNs == _lastBinStartNs)
            {
                _lastBinAnomalies.Add(anomaly);
            }
        }

        _anomaliesSeen = anomalies.Count;
        _lastAnomalySeen = anomalies.Count > 0 ? anomalies[^1] : null;
        _metrics.PortAnomalies[0].IncTo(_anomaliesByClass0);
        _metrics.PortAnomalies[1].IncTo(_anomaliesByClass1);
        _metrics.PortAnomalies[2].IncTo(_anomaliesByClass2);

        // Only the last closed bin's ports are shown: once a later bin closed without anomalies, the list empties.
        var lastClosedStartNs = monitor.State.LastClosedBin * monitor.Options.BinSeconds * 1_000_000_000L;
        if (monitor.State.LastClosedBin >= 0 && lastClosedStartNs > _lastBinStartNs)
        {
            _lastBinAnomalies.Clear();
        }

        _lastBinAnomalies.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Key.CompareTo(b.Key));
        var count = Math.Min(_lastBinAnomalies.Count, _topDeviations.Capacity);
        for (var rank = 0; rank < count; rank++)
        {
            _topDeviations.Set(rank, _lastBinAnomalies[rank].Key, _lastBinAnomalies[rank].Score);
        }

        _topDeviations.Truncate(count);

        var options = monitor.Options;
        _flowsTable.Publish(monitor.LiveFlows(_lastPacketNs), options.FlowTableCapacity, monitor.FlowsEvicted);
        _quiescentKeysTable.Publish(monitor.KeysTracked, options.MaxTrackedKeys, evictions: 0);
    }

    /// <summary><c>tcp/7000 => tcp/8000</c>; several items on a side are joined with commas.</summary>
    public static string FormatRule(ImmutableArray<KnockItem> antecedent, ImmutableArray<KnockItem> consequent) =>
        string.Join(',', antecedent) + " => " + string.Join(',', consequent);

    /// <summary>
    /// The three series of one table. Each child is resolved once, on first use, so a table the run does not have (no
    /// quiescent monitor) or a figure its stage does not expose publishes no series rather than a misleading 0.
    /// </summary>
    private sealed class TableSeries(SensorMetrics metrics, string table)
    {
        private Prometheus.Gauge.Child? _entries;
        private Prometheus.Gauge.Child? _capacity;
        private Prometheus.Counter.Child? _evictions;

        public void Publish(long? entries, long capacity, long evictions)
        {
            if (entries is { } value)
            {
                (_entries ??= metrics.StateEntries.WithLabels(table)).Set(value);
            }

            PublishCapacity(capacity);
            PublishEvictions(evictions);
        }

        public void PublishCapacity(long capacity) => (_capacity ??= metrics.StateCapacity.WithLabels(table)).Set(capacity);

        public void PublishEvictions(long evictions) => (_evictions ??= metrics.StateEvictions.WithLabels(table)).IncTo(evictions);
    }

    private sealed class RuleItemsComparer : IEqualityComparer<(ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y)>
    {
        public static readonly RuleItemsComparer Instance = new();

        public bool Equals((ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y) left, (ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y) right) =>
            left.X.AsSpan().SequenceEqual(right.X.AsSpan()) && left.Y.AsSpan().SequenceEqual(right.Y.AsSpan());

        public int GetHashCode((ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y) obj) => obj.X.Length ^ (obj.Y.Length << 8);
    }
}
