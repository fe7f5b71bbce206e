using System.Collections.Immutable;
using KnockSensor.Decode;
using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>
/// The knock detector end to end: port events → windows (stage 3) → rare rules (stage 4) → rules tied to hosts and
/// grouped into ordered knocks (this stage), reported to an <see cref="IKnockObserver"/> as windows close.
/// </summary>
/// <remarks>
/// After every window: the thresholds are re-estimated (<see cref="ThresholdEstimator"/>, from the history as it was
/// before the window, unless the operator fixed them), the miner mines, each rule is tied to its host
/// (<see cref="HostAttribution"/>), rules reported for the first time go to the observer, and
/// <see cref="KnockTracker"/> turns the host-tied rules into doors. Single owner, no concurrency: call
/// <see cref="Add"/> and <see cref="Flush"/> from one thread; the observer runs on it.
/// </remarks>
public sealed partial class KnockDetector : IWindowSink, IPortEventSink
{
    private readonly KnockDetectorOptions _options;
    private readonly IKnockObserver? _observer;
    private readonly RareRuleMiner _miner;
    private readonly AccessLogHistory _logs;
    private readonly HostAttribution _attribution = new();
    private readonly KnockTracker _tracker;
    private readonly HashSet<(PacketAddress? Host, ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y)> _reported = new(RuleKeyComparer.Instance);
    private readonly List<(PacketAddress Host, KnockItem A, KnockItem B)> _edges = [];
    private long _rulesReported;
    private long _rulesWithoutHost;
    private long _rulesNotAttributed;
    private long _lastWindowEndNs;
    private IReadOnlyList<KnockRule>? _tiedRules;

    public KnockDetector(KnockDetectorOptions options, IKnockObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _observer = observer;
        _miner = new RareRuleMiner(options.Mining);
        _logs = new AccessLogHistory(options.Mining.HistoryLength);
        _tracker = new KnockTracker(options, observer);
        Windower = new PortWindower(options.Windowing, this);
    }

    public KnockDetectorOptions Options => _options;

    /// <summary>Stage 3, fed by <see cref="Add"/>.</summary>
    public PortWindower Windower { get; }

    /// <summary>Stage 4: its rules and thresholds after the last window.</summary>
    public RareRuleMiner Miner => _miner;

    /// <summary>Doors reported so far, latest state, in order of discovery.</summary>
    public IReadOnlyList<KnockSequence> Knocks => [.. _tracker.Snapshots];

    public KnockCounters Counters => new(_rulesReported, _rulesWithoutHost, _rulesNotAttributed, _tracker.Count, _tracker.Dropped, _tracker.ActivationsCounted, _attribution.SweptHostRejections, _tracker.Oversized);

    /// <summary>One decoded packet; no allocation unless it closes a window.</summary>
    public void Add(in PortEvent portEvent) => Windower.Add(portEvent);

    /// <summary>A run of decoded packets, as <see cref="Add"/> on each; the windowing stage fetches its table entries ahead.</summary>
    public void AddBatch(ReadOnlySpan<PortEvent> portEvents) => Windower.AddBatch(portEvents);

    /// <summary>Closes the open windows (end of input, shutdown) and reports what they complete.</summary>
    public void Flush()
    {
        Windower.Flush();
        if (_options.ReportRulesAtEnd)
        {
            ReportRules(_miner.History.Count > 0 ? _lastWindowEndNs : 0, final: true);
        }
    }

    void IWindowSink.OnWindowClosed(PortWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        EstimateThresholds(window);
        _miner.OnWindowClosed(window);
        var history = _miner.History;
        _logs.Store(history.SlotOfAge(0), window);
        _lastWindowEndNs = window.EndNs;

        // The miner hands back the same rule list when a window changed nothing a rule depends on (its exact
        // shortcut); then the ties to hosts and the door edges are those of the last window too.
        if (!ReferenceEquals(_miner.Rules, _tiedRules))
        {
            ReportRules(window.EndNs, final: false);
            _tiedRules = _miner.Rules;
        }

        _tracker.OnWindow(_edges, history, _logs, Windower.Scanners);
    }

    /// <summary>Ties the miner's current rules to hosts, collects the door edges, reports rules seen for the first time.</summary>
    private void ReportRules(long timestampNs, bool final)
    {
        var history = _miner.History;
        var report = !_options.ReportRulesAtEnd || final;
        _edges.Clear();
        _attribution.ResetWork();
        var attributed = 0;
        foreach (var rule in _miner.Rules)
        {
            PacketAddress? host = null;
            var hostWindows = 0;
            if (attributed++ >= _options.MaxRulesAttributedPerWindow || _attribution.Work >= _options.MaxAttributionWorkPerWindow)
            {
                _rulesNotAttributed++;
                if (_options.RequireHost)
                {
                    continue;
                }
            }
            else if (_attribution.TryAttribute(rule, history, _logs, Windower.Scanners, out var tied, out hostWindows))
            {
                host = tied;
                foreach (var a in rule.Antecedent)
                {
                    foreach (var b in rule.Consequent)
                    {
                        _edges.Add((tied, a, b));
                    }
                }
            }
            else
            {
                _rulesWithoutHost++;
                if (_options.RequireHost)
                {
                    continue;
                }
            }

            if (report && _reported.Count < _options.MaxReportedRules && _reported.Add((host, rule.Antecedent, rule.Consequent)))
            {
                _rulesReported++;
                _observer?.OnRule(new ReportedRule(rule, host, hostWindows, timestampNs));
            }
        }
    }

    private void EstimateThresholds(PortWindow window)
    {
        if (!_options.AutoMinSupport && !_options.AutoMinInterest)
        {
            return;
        }

        var history = _miner.History;
        var windows = Math.Min(history.Count + 1, history.Length);
        var items = Math.Max(history.DistinctItems, window.ItemCount);
        var minSupport = _options.AutoMinSupport
            ? ThresholdEstimator.MinSupport(items, windows, _options.Windowing.WindowSize, _options.MinActivations)
            : _options.Mining.MinSupport;
        var minInterest = _options.AutoMinInterest
            ? ThresholdEstimator.MinInterest(windows, _options.MinActivations, minSupport)
            : _options.Mining.MinInterest;
        _miner.UseThresholds(minSupport, minInterest);
    }

    private sealed class RuleKeyComparer : IEqualityComparer<(PacketAddress? Host, ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y)>
    {
        public static readonly RuleKeyComparer Instance = new();

        public bool Equals((PacketAddress? Host, ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y) left, (PacketAddress? Host, ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y) right) =>
            Nullable.Equals(left.Host, right.Host) && left.X.AsSpan().SequenceEqual(right.X.AsSpan()) && left.Y.AsSpan().SequenceEqual(right.Y.AsSpan());

        public int GetHashCode((PacketAddress? Host, ImmutableArray<KnockItem> X, ImmutableArray<KnockItem> Y) key)
        {
            var hash = default(HashCode);
            hash.Add(key.Host);
            foreach (var item in key.X)
            {
                hash.Add(item.Value);
            }

            hash.Add(-1);
            foreach (var item in key.Y)
            {
                hash.Add(item.Value);
            }

            return hash.ToHashCode();
        }
    }
}
