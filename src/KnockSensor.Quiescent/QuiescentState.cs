namespace KnockSensor.Quiescent;

/// <summary>
/// Everything the monitor has learned, as plain arrays and numbers (no delegates, no events, no object graph), so a
/// later issue can write it to disk and read it back: the per-key history rings, the cluster model built from them,
/// the verdict streaks and the totals. The open bin and the flow table are not here: a restart loses at most the open
/// bin and the live flows.
/// </summary>
/// <remarks>
/// History is sparse: a key gets a series slot (two <c>ushort[HistoryBins]</c> rings, flows and distinct sources) the
/// first time it is active in a closed bin, and gives it back once a whole history window has passed without activity.
/// Slot i's arrays are indexed by bin number modulo <see cref="HistoryBins"/>. Entries for bins after the slot's
/// <see cref="SlotLastActiveBin"/> are stale and read as zero: they are cleared lazily, when the slot is next written
/// or before a model build, so closing a bin costs in proportion to the keys active in it, not to all keys tracked.
/// </remarks>
public sealed partial class QuiescentState
{
    public QuiescentState(int binSeconds, int historyBins)
    {
        BinSeconds = binSeconds;
        HistoryBins = historyBins;
        SeriesOfKey = new int[SeriesKey.Count];
        SeriesOfKey.AsSpan().Fill(-1);
    }

    /// <summary>Format version of this structure, for whoever persists it.</summary>
    public int SchemaVersion { get; set; } = 1;

    public int BinSeconds { get; set; }

    public int HistoryBins { get; set; }

    /// <summary>Bins closed so far (empty ones included).</summary>
    public long BinsClosed { get; set; }

    /// <summary>Number (start / bin length) of the last closed bin; -1 before the first.</summary>
    public long LastClosedBin { get; set; } = -1;

    /// <summary>Key → series slot, or -1 for a key without history.</summary>
    public int[] SeriesOfKey { get; set; }

    /// <summary>Slot → key, or -1 for a free slot. Slots 0..<see cref="SlotCount"/>-1 have been handed out.</summary>
    public int[] SlotKeys { get; set; } = [];

    /// <summary>
    /// Slot → ring of watched (incoming) flows per bin, saturating at 65 535, and replaced by the expected count in
    /// bins that raised an anomaly so the model never learns an attack as normal. The rings feed the model only: anomalies
    /// report the open bin's exact counts. Two bytes a bin keep 14 days of hours at 672 bytes per ring.
    /// </summary>
    public ushort[][] SlotFlows { get; set; } = [];

    /// <summary>Slot → ring of distinct sources of those flows per bin (same saturation and lowering).</summary>
    public ushort[][] SlotSources { get; set; } = [];

    /// <summary>Slot → number of the last bin with any watched flow (the last bin written to its rings).</summary>
    public long[] SlotLastActiveBin { get; set; } = [];

    /// <summary>Slot → cluster id, or -1 when the slot is in no cluster (its own history is its baseline).</summary>
    public int[] SlotCluster { get; set; } = [];

    /// <summary>Slot → how its flows scale with the cluster median (median of the ratios over the history; 1 in the seed).</summary>
    public double[] SlotFlowRatio { get; set; } = [];

    /// <summary>Slot → robust offset of its flows from ratio × cluster median (median of the differences over the history).</summary>
    public double[] SlotFlowOffset { get; set; } = [];

    /// <summary>Slot → robust scale of those differences (1.4826 × MAD).</summary>
    public double[] SlotFlowScale { get; set; } = [];

    public double[] SlotSourceRatio { get; set; } = [];

    public double[] SlotSourceOffset { get; set; } = [];

    public double[] SlotSourceScale { get; set; } = [];

    /// <summary>Slot → consecutive anomalous bins with more hosts, ending at <see cref="SlotStreakLastBin"/>.</summary>
    public int[] SlotStreak { get; set; } = [];

    public long[] SlotStreakLastBin { get; set; } = [];

    /// <summary>Slots handed out so far (free ones included).</summary>
    public int SlotCount { get; set; }

    /// <summary>Free slots, a stack of <see cref="FreeSlotCount"/> entries.</summary>
    public int[] FreeSlots { get; set; } = [];

    public int FreeSlotCount { get; set; }

    /// <summary>Cluster id → its member slots are <c>ClusterMembers[ClusterStart[id] .. ClusterStart[id + 1]]</c>.</summary>
    public int[] ClusterStart { get; set; } = [0];

    public int[] ClusterMembers { get; set; } = [];

    /// <summary>Bin number at which the cluster model was last built; -1 while learning.</summary>
    public long ModelBuiltAtBin { get; set; } = -1;

    /// <summary>
    /// Series correlated all-pairs at the last build, and pairs whose correlation was computed (a pair already in one
    /// cluster is skipped: its link could not change the transitive closure).
    /// </summary>
    public int AllPairsKeys { get; set; }

    public long PairsCorrelated { get; set; }

    /// <summary>Series that joined a cluster through a cluster profile (the scalable path) at the last build.</summary>
    public int ProfileAssignedKeys { get; set; }

    /// <summary>Anomalies reported so far.</summary>
    public long Anomalies { get; set; }

    /// <summary>Keys that were active in a closed bin but got no history because <see cref="QuiescentOptions.MaxTrackedKeys"/> was reached.</summary>
    public long UntrackedKeyBins { get; set; }

    public int ClusterCount => ClusterStart.Length - 1;

    /// <summary>Keys that currently have a history.</summary>
    public int TrackedKeys => SlotCount - FreeSlotCount;

    public int ClusterSize(int cluster) => ClusterStart[cluster + 1] - ClusterStart[cluster];

    internal int RingIndex(long bin) => (int)(bin % HistoryBins);

    /// <summary>The slot's flows in <paramref name="bin"/> (zero when it was not active then).</summary>
    internal ushort FlowsAt(int slot, long bin) => SlotLastActiveBin[slot] == bin ? SlotFlows[slot][RingIndex(bin)] : (ushort)0;

    /// <summary>The slot's distinct sources in <paramref name="bin"/> (zero when it was not active then).</summary>
    internal ushort SourcesAt(int slot, long bin) => SlotLastActiveBin[slot] == bin ? SlotSources[slot][RingIndex(bin)] : (ushort)0;

    /// <summary>Clears the stale entries of a slot's rings for the bins after its last active bin and before <paramref name="bin"/>.</summary>
    internal void ClearStale(int slot, long bin)
    {
        var from = SlotLastActiveBin[slot] + 1;
        var flows = SlotFlows[slot];
        var sources = SlotSources[slot];
        if (bin - from >= HistoryBins)
        {
            Array.Clear(flows);
            Array.Clear(sources);
            return;
        }

        for (var b = from; b < bin; b++)
        {
            var index = RingIndex(b);
            flows[index] = 0;
            sources[index] = 0;
        }
    }

    /// <summary>Copies a ring's <paramref name="destination"/>.Length bins starting at bin <paramref name="firstBin"/>, oldest first.</summary>
    internal void Chronological(ushort[] ring, long firstBin, Span<double> destination)
    {
        var index = RingIndex(firstBin);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ring[index];
            index = index + 1 == ring.Length ? 0 : index + 1;
        }
    }

    internal static ushort Saturate(double value) => (ushort)Math.Clamp(Math.Ceiling(value), 0, ushort.MaxValue);

    /// <summary>The slot of <paramref name="key"/>, created if needed; -1 when the tracked-key cap is reached.</summary>
    internal int SlotFor(int key, int maxTrackedKeys)
    {
        var slot = SeriesOfKey[key];
        if (slot >= 0)
        {
            return slot;
        }

        if (FreeSlotCount > 0)
        {
            slot = FreeSlots[--FreeSlotCount];
        }
        else if (SlotCount < maxTrackedKeys)
        {
            slot = SlotCount++;
            Grow(SlotCount);
            SlotFlows[slot] = new ushort[HistoryBins];
            SlotSources[slot] = new ushort[HistoryBins];
        }
        else
        {
            return -1;
        }

        SeriesOfKey[key] = slot;
        SlotKeys[slot] = key;
        SlotLastActiveBin[slot] = -1;
        SlotCluster[slot] = -1;
        SlotFlowRatio[slot] = 0;
        SlotFlowOffset[slot] = 0;
        SlotFlowScale[slot] = 0;
        SlotSourceRatio[slot] = 0;
        SlotSourceOffset[slot] = 0;
        SlotSourceScale[slot] = 0;
        SlotStreak[slot] = 0;
        SlotStreakLastBin[slot] = -1;
        return slot;
    }

    /// <summary>Gives a slot whose ring is all zeros back to the free stack.</summary>
    internal void Release(int slot)
    {
        SeriesOfKey[SlotKeys[slot]] = -1;
        SlotKeys[slot] = -1;
        SlotCluster[slot] = -1;
        if (FreeSlots.Length <= FreeSlotCount)
        {
            var grown = FreeSlots;
            Array.Resize(ref grown, Math.Max(16, FreeSlots.Length * 2));
            FreeSlots = grown;
        }

        FreeSlots[FreeSlotCount++] = slot;
    }

    private void Grow(int needed)
    {
        if (SlotKeys.Length >= needed)
        {
            return;
        }

        var size = Math.Max(256, SlotKeys.Length * 2);
        SlotKeys = Resized(SlotKeys, size);
        SlotFlows = Resized(SlotFlows, size);
        SlotSources = Resized(SlotSources, size);
        SlotLastActiveBin = Resized(SlotLastActiveBin, size);
        SlotCluster = Resized(SlotCluster, size);
        SlotFlowRatio = Resized(SlotFlowRatio, size);
        SlotFlowOffset = Resized(SlotFlowOffset, size);
        SlotFlowScale = Resized(SlotFlowScale, size);
        SlotSourceRatio = Resized(SlotSourceRatio, size);
        SlotSourceOffset = Resized(SlotSourceOffset, size);
        SlotSourceScale = Resized(SlotSourceScale, size);
        SlotStreak = Resized(SlotStreak, size);
        SlotStreakLastBin = Resized(SlotStreakLastBin, size);
    }

    private static T[] Resized<T>(T[] array, int size)
    {
        Array.Resize(ref array, size);
        return array;
    }
}
