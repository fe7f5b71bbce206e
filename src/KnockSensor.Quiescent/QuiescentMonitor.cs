using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// The quiescent-port monitor (McNutt &amp; De Shon 2005): counts flows, packets, bytes and hosts per key and time bin,
/// learns which keys move together, and reports keys whose flows rise far above their cluster's median.
/// Feed it every decoded packet with <see cref="Add"/>, or runs of them with <see cref="AddBatch"/> (the same counts,
/// faster on busy traffic); bins close as packet time passes; <see cref="Flush"/> closes the last (partial) bin.
/// Anomalies collect in <see cref="Anomalies"/> for the caller to drain.
/// </summary>
/// <remarks>
/// <see cref="Add"/> and <see cref="AddBatch"/> allocate nothing: the flow table and the open bin's counters are
/// allocated up front. Work that allocates — history slots for new keys, the cluster rebuild, anomaly records — happens
/// when a bin closes.
/// Single-threaded.
/// </remarks>
public sealed partial class QuiescentMonitor : IPortEventSink
{
    /// <summary>
    /// How many packets ahead <see cref="AddBatch"/> computes digests and prefetches flow buckets (a power of two: it is
    /// also the ring's size). Far enough that a miss to memory has landed by the time the packet is counted; 8 and 32
    /// measured the same as 16.
    /// </summary>
    private const int Lookahead = 16;

    private readonly QuiescentOptions _options;
    private readonly IPortBinSink? _binSink;
    private readonly FlowTable _flows;
    private readonly BinAccumulator _bin;
    private readonly ClusterBuilder _builder;
    private readonly long _binNs;
    private readonly int[] _binKeys;
    private readonly int[] _binFlows;
    private readonly int[] _binSources;
    private readonly int[] _binDestinations;
    private readonly long[] _binPackets;
    private readonly long[] _binBytes;
    private double[] _clusterFlowMedian = [];
    private double[] _clusterSourceMedian = [];
    private double[] _column = [];
    private long _openBin = -1;
    private long _openBinStartNs = long.MaxValue;
    private long _openBinEndNs = long.MinValue;

    public QuiescentMonitor(QuiescentOptions options, IPortBinSink? binSink = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _binSink = binSink;
        _binNs = options.BinNanoseconds;
        _flows = new FlowTable(options.FlowTableCapacity, options.FlowIdleTimeoutSeconds);
        _bin = new BinAccumulator(options.MaxKeysPerBin);
        _builder = new ClusterBuilder(options);
        _binKeys = new int[options.MaxKeysPerBin];
        _binFlows = new int[options.MaxKeysPerBin];
        _binSources = new int[options.MaxKeysPerBin];
        _binDestinations = new int[options.MaxKeysPerBin];
        _binPackets = new long[options.MaxKeysPerBin];
        _binBytes = new long[options.MaxKeysPerBin];
        State = new QuiescentState(options.BinSeconds, options.HistoryBins);
    }

    public QuiescentOptions Options => _options;

    /// <summary>The learned state (history, clusters, streaks): plain arrays, see <see cref="QuiescentState"/>.</summary>
    public QuiescentState State { get; }

    /// <summary>Anomalies reported as bins closed, oldest first. The caller drains it (e.g. writes events, then clears it).</summary>
    public List<PortAnomaly> Anomalies { get; } = [];

    /// <summary>Packets counted (later fragments and non-IP are ignored).</summary>
    public long Packets { get; private set; }

    /// <summary>Packets older than a bin already closed by <see cref="Flush"/>: not counted.</summary>
    public long LatePackets { get; private set; }

    public long BinsClosed => State.BinsClosed;

    public long FlowsStarted => _flows.Started;

    /// <summary>Flows not yet idle at <paramref name="nowNs"/> (a scan of the flow table: for metrics, not per packet).</summary>
    public int LiveFlows(long nowNs) => _flows.CountLive(nowNs);

    /// <summary>Live flows pushed out of the full flow table (each may be counted again as a new flow).</summary>
    public long FlowsEvicted => _flows.Evicted;

    /// <summary>Packets dropped because their bin already held <see cref="QuiescentOptions.MaxKeysPerBin"/> keys.</summary>
    public long KeyOverflowPackets => _bin.DroppedPackets;

    public int KeysTracked => State.TrackedKeys;

    /// <summary>True once the learning period is over and alerts can be raised.</summary>
    public bool IsLearned => State.ModelBuiltAtBin >= 0;

    /// <summary>Counts one decoded packet. Call with packets in capture order; a slightly late packet counts in the open bin.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in PortEvent portEvent)
    {
        if (IsCounted(portEvent))
        {
            Count(portEvent, PacketDigest.Of(portEvent, _options.HomeNetworks));
        }
    }

    /// <summary>
    /// Counts a run of packets in capture order: exactly <see cref="Add"/> on each in turn, with the same results,
    /// but with the flow table buckets of the packets ahead fetched while the current one is counted.
    /// </summary>
    /// <remarks>
    /// On busy traffic nearly every packet misses the cache in the flow table (16 MiB, one random bucket per packet).
    /// Counted one by one, each packet waits for its miss. Here, <see cref="Lookahead"/> packets ahead, the loop
    /// computes the packet's <see cref="PacketDigest"/> (kept in a small ring until the packet is counted) and
    /// prefetches its bucket and its key's entry of the bin index; the packet is then counted with the same code as
    /// <see cref="Add"/>. Prefetches are only hints and counting reads the tables afresh, so a bin that closes in the
    /// middle of the run, or a key first seen in it, is counted exactly as by <see cref="Add"/>. The bin's counters and
    /// sketches are not prefetched: they are a few MiB and mostly in cache, and a second stage to fetch them (a read of
    /// the index, then hints) cost more than it saved on the throughput capture.
    /// </remarks>
    public void AddBatch(ReadOnlySpan<PortEvent> portEvents)
    {
        Span<PacketDigest> ring = stackalloc PacketDigest[Lookahead];
        var home = _options.HomeNetworks;
        var length = portEvents.Length;
        for (var i = 0; i < Math.Min(length, Lookahead); i++)
        {
            ring[i] = Prepare(portEvents[i], home);
        }

        for (var i = 0; i < length; i++)
        {
            ref readonly var portEvent = ref portEvents[i];
            ref var digest = ref ring[i & (Lookahead - 1)];
            if (IsCounted(portEvent))
            {
                Count(portEvent, digest);
            }

            // The ring slot just counted is the one the packet Lookahead places on takes.
            if (i + Lookahead < length)
            {
                digest = Prepare(portEvents[i + Lookahead], home);
            }
        }
    }

    /// <summary>Later fragments and non-IP packets are not counted (a later fragment has no ports).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsCounted(in PortEvent portEvent) =>
        portEvent.Protocol != IpProtocol.None && (portEvent.Flags & PortEventFlags.LaterFragment) == 0;

    /// <summary>The look-ahead step of <see cref="AddBatch"/>: the digest, and a prefetch of what it points at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private PacketDigest Prepare(in PortEvent portEvent, HomeNetworks home)
    {
        var digest = PacketDigest.Of(portEvent, home);
        _flows.Prefetch(digest.Fingerprint);
        _bin.PrefetchKey(digest.Key);
        return digest;
    }

    /// <summary>Counts a packet already known to be counted (<see cref="IsCounted"/>), given its digest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Count(in PortEvent portEvent, in PacketDigest digest)
    {
        // Almost every packet falls in the open bin: two compares instead of a 64-bit division.
        var timestamp = portEvent.TimestampNs;
        if (timestamp < _openBinStartNs || timestamp >= _openBinEndNs)
        {
            if (!TryEnterBin(timestamp))
            {
                return;
            }
        }

        var newFlow = _flows.Touch(digest.Fingerprint, timestamp, _openBinStartNs, out var firstInBin);
        _bin.AddPacket(digest.Key, digest.Direction, portEvent.WireLength, newFlow, firstInBin, portEvent.Source, portEvent.Destination);
        Packets++;
    }

    /// <summary>Closes every bin that ended before <paramref name="timestampNs"/> (a live sensor's timer when traffic is quiet).</summary>
    public void AdvanceTo(long timestampNs)
    {
        var bin = Math.Max(0, timestampNs) / _binNs;
        if (_openBin >= 0 && bin > _openBin)
        {
            CloseThrough(bin);
        }
    }

    /// <summary>Closes the open bin even though its time is not over (end of an offline run).</summary>
    public void Flush()
    {
        if (_openBin >= 0)
        {
            CloseBin(_openBin);
            _openBin = -1;
            _openBinStartNs = long.MaxValue;
            _openBinEndNs = long.MinValue;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryEnterBin(long timestampNs)
    {
        var bin = Math.Max(0, timestampNs) / _binNs;
        if (_openBin < 0)
        {
            if (bin <= State.LastClosedBin)
            {
                LatePackets++;
                return false;
            }

            if (State.LastClosedBin >= 0 && bin > State.LastClosedBin + 1)
            {
                CloseEmpty(State.LastClosedBin + 1, bin);
            }

            Open(bin);
            return true;
        }

        if (bin < _openBin)
        {
            // Capture order is not strictly time order (several interfaces, reordering): count it where we are.
            return true;
        }

        CloseThrough(bin);
        return true;
    }

    private void Open(long bin)
    {
        _openBin = bin;
        _openBinStartNs = bin * _binNs;
        _openBinEndNs = _openBinStartNs + _binNs;
    }

    private void CloseThrough(long newBin)
    {
        CloseBin(_openBin);
        CloseEmpty(_openBin + 1, newBin);
        Open(newBin);
    }

    /// <summary>Closes the empty bins [<paramref name="from"/>, <paramref name="to"/>).</summary>
    private void CloseEmpty(long from, long to)
    {
        // A gap longer than the history leaves nothing but zeros: skip to its last window instead of closing each bin.
        if (to - from > State.HistoryBins)
        {
            var skipped = to - from - State.HistoryBins;
            State.BinsClosed += skipped;
            State.LastClosedBin = from + skipped - 1;
            from += skipped;
        }

        for (var bin = from; bin < to; bin++)
        {
            CloseBin(bin);
        }
    }

    private void CloseBin(long bin)
    {
        var state = State;
        var binStart = bin * _binNs;
        var ring = state.RingIndex(bin);
        var count = _bin.SortedKeys(_binKeys);
        for (var i = 0; i < count; i++)
        {
            var counts = _bin.Read(_binKeys[i], binStart);
            _binSink?.OnBinCounts(counts);
            _binFlows[i] = counts.FlowsIncoming;
            _binSources[i] = counts.Sources;
            _binDestinations[i] = counts.Destinations;
            _binPackets[i] = counts.PacketsIncoming;
            _binBytes[i] = counts.BytesIncoming;
            if (counts.FlowsIncoming == 0)
            {
                continue;
            }

            var slot = state.SlotFor(_binKeys[i], _options.MaxTrackedKeys);
            if (slot < 0)
            {
                state.UntrackedKeyBins++;
                continue;
            }

            state.ClearStale(slot, bin);
            state.SlotFlows[slot][ring] = QuiescentState.Saturate(counts.FlowsIncoming);
            state.SlotSources[slot][ring] = QuiescentState.Saturate(counts.Sources);
            state.SlotLastActiveBin[slot] = bin;
        }

        state.BinsClosed++;
        state.LastClosedBin = bin;
        if (state.ModelBuiltAtBin >= 0)
        {
            Detect(bin, binStart, count);
        }

        // By bin numbers, not by counting closes: a long gap skips bins (CloseEmpty) but never a due build.
        var due = state.ModelBuiltAtBin < 0
            ? state.BinsClosed >= _options.LearningBins
            : bin - state.ModelBuiltAtBin >= _options.ReclusterEveryBins;
        if (due)
        {
            _builder.Build(state);
        }

        _bin.Reset();
    }

    private void Detect(long bin, long binStart, int count)
    {
        var state = State;
        var ring = state.RingIndex(bin);
        ClusterMedians(bin);
        for (var i = 0; i < count; i++)
        {
            var flows = _binFlows[i];
            if (flows < _options.MinExtraFlows)
            {
                continue;
            }

            var slot = state.SeriesOfKey[_binKeys[i]];
            if (slot < 0)
            {
                continue;
            }

            var cluster = state.SlotCluster[slot];
            var expected = Math.Max(0, (cluster >= 0 ? state.SlotFlowRatio[slot] * _clusterFlowMedian[cluster] : 0) + state.SlotFlowOffset[slot]);
            var scale = Math.Max(state.SlotFlowScale[slot], Math.Sqrt(Math.Max(expected, 1)));
            var score = (flows - expected) / scale;
            if (score < _options.AlertScore || flows - expected < _options.MinExtraFlows)
            {
                continue;
            }

            var sources = _binSources[i];
            var expectedSources = Math.Max(0, (cluster >= 0 ? state.SlotSourceRatio[slot] * _clusterSourceMedian[cluster] : 0) + state.SlotSourceOffset[slot]);
            var sourceScale = Math.Max(state.SlotSourceScale[slot], Math.Sqrt(Math.Max(expectedSources, 1)));
            var moreHosts = sources - expectedSources >= Math.Max(_options.MinExtraSources, 2 * sourceScale);

            // The history keeps what was expected, not the attack: a worm that runs for days must not become normal
            // at the next rebuild (the online counterpart of trimming the learning period).
            state.SlotFlows[slot][ring] = QuiescentState.Saturate(expected);
            if (moreHosts)
            {
                state.SlotSources[slot][ring] = QuiescentState.Saturate(expectedSources);
            }

            var classification = AnomalyClassification.Localized;
            var streak = 0;
            if (moreHosts)
            {
                streak = state.SlotStreakLastBin[slot] == bin - 1 ? state.SlotStreak[slot] + 1 : 1;
                state.SlotStreak[slot] = streak;
                state.SlotStreakLastBin[slot] = bin;
                classification = streak >= _options.PersistentBins ? AnomalyClassification.Worm : AnomalyClassification.HorizontalScan;
            }

            state.Anomalies++;
            Anomalies.Add(new PortAnomaly(
                _binKeys[i],
                binStart,
                _options.BinSeconds,
                flows,
                Math.Round(expected, 3),
                Math.Round(score, 2),
                sources,
                Math.Round(expectedSources, 3),
                _binDestinations[i],
                classification,
                cluster,
                cluster >= 0 ? state.ClusterSize(cluster) : 1,
                streak,
                _binPackets[i],
                _binBytes[i]));
        }
    }

    private void ClusterMedians(long bin)
    {
        var state = State;
        var clusters = state.ClusterCount;
        if (_clusterFlowMedian.Length < clusters)
        {
            _clusterFlowMedian = new double[clusters];
            _clusterSourceMedian = new double[clusters];
        }

        for (var c = 0; c < clusters; c++)
        {
            var size = state.ClusterSize(c);
            if (_column.Length < size)
            {
                _column = new double[size];
            }

            var members = state.ClusterMembers.AsSpan(state.ClusterStart[c], size);
            var column = _column.AsSpan(0, size);
            for (var m = 0; m < size; m++)
            {
                column[m] = state.FlowsAt(members[m], bin);
            }

            _clusterFlowMedian[c] = RobustStatistics.MedianInPlace(column);
            for (var m = 0; m < size; m++)
            {
                column[m] = state.SourcesAt(members[m], bin);
            }

            _clusterSourceMedian[c] = RobustStatistics.MedianInPlace(column);
        }
    }
}
