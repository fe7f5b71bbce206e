namespace KnockSensor.Quiescent;

/// <summary>
/// Settings of the quiescent-port monitor. Immutable; <see cref="Validate"/> runs when the monitor is built.
/// Defaults follow the seed (hourly bins, 5 % trimming) and docs/quiescent.md explains each one.
/// </summary>
public sealed record QuiescentOptions
{
    public const int DefaultBinSeconds = 3600;
    public const int MinBinSeconds = 60;
    public const int MaxBinSeconds = 86_400;

    /// <summary>Length of a time bin in seconds (60 to 86 400). Bins are aligned to the Unix epoch, so hours are UTC hours.</summary>
    public int BinSeconds { get; init; } = DefaultBinSeconds;

    /// <summary>Networks that make a flow incoming or outgoing; none = every flow is incoming.</summary>
    public HomeNetworks HomeNetworks { get; init; } = HomeNetworks.None;

    /// <summary>A flow (one-way 5-tuple) ends after this long without a packet.</summary>
    public int FlowIdleTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// Flow table entries (a power of two, at least 64; 16 bytes each, so the default is 16 MiB). When a bucket is full
    /// the stalest flow is evicted and counted.
    /// </summary>
    public int FlowTableCapacity { get; init; } = 1 << 20;

    /// <summary>Distinct keys (ports, ICMP types, protocols) one bin can count; more are dropped and counted.</summary>
    public int MaxKeysPerBin { get; init; } = SeriesKey.Count;

    /// <summary>Closed bins of history kept per key: 336 = 14 days of hours.</summary>
    public int HistoryBins { get; init; } = 14 * 24;

    /// <summary>Keys with a history; past this, new keys are not tracked (counted). Bounds memory at about 8 × HistoryBins bytes each.</summary>
    public int MaxTrackedKeys { get; init; } = 65_536;

    /// <summary>Bins closed before the first clustering; no alerts before it. 72 = three daily cycles.</summary>
    public int LearningBins { get; init; } = 72;

    /// <summary>Clusters are rebuilt from the history every this many bins after the learning period.</summary>
    public int ReclusterEveryBins { get; init; } = 24;

    /// <summary>Fraction of points with the largest robust distance dropped before correlating (the seed's 5 %).</summary>
    public double TrimFraction { get; init; } = 0.05;

    /// <summary>Two series whose robust correlation reaches this are linked (A::B); clusters are the transitive closure.</summary>
    public double CorrelationThreshold { get; init; } = 0.7;

    /// <summary>A series joins the correlation only when it is non-zero in at least this fraction of history bins.</summary>
    public double MinActiveFraction { get; init; } = 0.5;

    /// <summary>Series correlated all-pairs: ports 0–1023, ICMP and other protocols first, then the busiest others up to this many.</summary>
    public int MaxAllPairsKeys { get; init; } = 1024;

    /// <summary>Robust score (excess over the expected count, in robust standard deviations) that makes an anomaly.</summary>
    public double AlertScore { get; init; } = 6.0;

    /// <summary>Smallest excess of flows over the expected count that can make an anomaly (keeps tiny counts quiet).</summary>
    public int MinExtraFlows { get; init; } = 20;

    /// <summary>An anomaly has "more hosts" when its distinct sources exceed the expected count by at least this many.</summary>
    public int MinExtraSources { get; init; } = 5;

    /// <summary>Consecutive anomalous bins with more hosts after which the verdict is <c>worm</c> instead of <c>horizontal_scan</c>.</summary>
    public int PersistentBins { get; init; } = 3;

    internal long BinNanoseconds => BinSeconds * 1_000_000_000L;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Check(BinSeconds is >= MinBinSeconds and <= MaxBinSeconds, nameof(BinSeconds), $"must be {MinBinSeconds} to {MaxBinSeconds} seconds");
        Check(FlowIdleTimeoutSeconds >= 1, nameof(FlowIdleTimeoutSeconds), "must be at least 1 second");
        Check(FlowTableCapacity >= 64 && (FlowTableCapacity & (FlowTableCapacity - 1)) == 0, nameof(FlowTableCapacity), "must be a power of two, at least 64");
        Check(MaxKeysPerBin is >= 1 and <= SeriesKey.Count, nameof(MaxKeysPerBin), $"must be 1 to {SeriesKey.Count}");
        Check(HistoryBins is >= 8 and <= 100_000, nameof(HistoryBins), "must be 8 to 100000");
        Check(MaxTrackedKeys is >= 1 and <= SeriesKey.Count, nameof(MaxTrackedKeys), $"must be 1 to {SeriesKey.Count}");
        Check(LearningBins >= 8 && LearningBins <= HistoryBins, nameof(LearningBins), "must be at least 8 and at most HistoryBins");
        Check(ReclusterEveryBins >= 1, nameof(ReclusterEveryBins), "must be at least 1");
        Check(TrimFraction is >= 0 and < 0.5, nameof(TrimFraction), "must be in [0, 0.5)");
        Check(CorrelationThreshold is > 0 and <= 1, nameof(CorrelationThreshold), "must be in (0, 1]");
        Check(MinActiveFraction is >= 0 and <= 1, nameof(MinActiveFraction), "must be in [0, 1]");
        Check(MaxAllPairsKeys >= 2, nameof(MaxAllPairsKeys), "must be at least 2");
        Check(AlertScore > 0, nameof(AlertScore), "must be positive");
        Check(MinExtraFlows >= 1, nameof(MinExtraFlows), "must be at least 1");
        Check(MinExtraSources >= 1, nameof(MinExtraSources), "must be at least 1");
        Check(PersistentBins >= 2, nameof(PersistentBins), "must be at least 2");
    }

    private static void Check(bool condition, string name, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"quiescent monitor: {name} {rule}", name);
        }
    }
}
