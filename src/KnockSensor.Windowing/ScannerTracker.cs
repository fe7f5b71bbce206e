using System.Numerics;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// Flags sources that touch many distinct items (vertical scans, nmap of every flavour, port sweeps) so that their
/// accesses stay out of the windows and no knock rule is built from them.
/// </summary>
/// <remarks>
/// <para>
/// A knock source touches a handful of items per door (3–8 knock ports and a shell port); a vertical scanner touches
/// dozens to thousands. Per source the tracker keeps a 256-bit linear-counting sketch of the items it touched in the
/// current horizon: with <c>z</c> zero bits the distinct count is about −256·ln(z/256), so a threshold of 32 set bits
/// is ≈ 34 distinct items. Counting items, not (host, item) pairs, keeps a busy NAT gateway or proxy (one or two ports
/// toward thousands of hosts) unflagged; horizontal scans are handled where rules are tied to one host.
/// </para>
/// <para>
/// A flagged source stays flagged for one horizon after its last flagged access. The table is direct-mapped with a
/// fixed size of 4096 sources, small enough to stay in cache (no allocation, bounded memory): a new source that hashes
/// onto a flagged one replaces it and the replacement is counted in <see cref="FlaggedEvicted"/>. The last 4096
/// flagged sources are also remembered apart, for <see cref="WasFlagged"/>.
/// </para>
/// </remarks>
public sealed partial class ScannerTracker
{
    private const int SketchBits = 256;

    /// <summary>Most flagged sources remembered for <see cref="WasFlagged"/>; the oldest is forgotten first.</summary>
    public const int MaxRemembered = 4096;

    private readonly Entry[] _table;
    private readonly HashSet<PacketAddress> _remembered = [];
    private readonly Queue<PacketAddress> _rememberedOrder = new();
    private readonly int _shift;
    private readonly int _threshold;
    private readonly long _horizonNs;

    /// <param name="distinctItemThreshold">Set sketch bits (≈ distinct items) at which a source is a scanner, 2..255.</param>
    /// <param name="horizon">How long the sketch accumulates and a flag lasts.</param>
    /// <param name="tableSize">Sources tracked at once, a power of two.</param>
    public ScannerTracker(int distinctItemThreshold, TimeSpan horizon, int tableSize = 1 << 12)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(distinctItemThreshold, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(distinctItemThreshold, SketchBits - 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(horizon, TimeSpan.Zero);
        if (tableSize < 2 || !BitOperations.IsPow2(tableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "Must be a power of two, at least 2.");
        }

        _table = new Entry[tableSize];
        _shift = 64 - BitOperations.Log2((uint)tableSize);
        _threshold = distinctItemThreshold;
        _horizonNs = horizon.Ticks * 100;
    }

    /// <summary>Times a source crossed the threshold (a source flagged again after its flag lapsed counts again).</summary>
    public long Flagged { get; private set; }

    /// <summary>Flagged sources pushed out of the table by another source before their flag lapsed.</summary>
    public long FlaggedEvicted { get; private set; }

    /// <summary>Records that <paramref name="source"/> accessed <paramref name="item"/>; returns true when the source is a scanner.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Observe(in PacketAddress source, KnockItem item, long timestampNs)
    {
        ref var entry = ref _table[Slot(source)];
        if (!entry.InUse || !entry.Source.Equals(source))
        {
            if (entry.InUse && entry.FlaggedUntilNs > timestampNs)
            {
                FlaggedEvicted++;
            }

            entry = new Entry { Source = source, EpochStartNs = timestampNs, InUse = true };
        }
        else if (timestampNs - entry.EpochStartNs > _horizonNs)
        {
            entry.Sketch = default;
            entry.EpochStartNs = timestampNs;
        }

        var bit = (int)((uint)(item.Value * 0x9E3779B1u) >> 24);
        entry.Sketch.Set(bit);
        if (entry.Sketch.PopCount() >= _threshold)
        {
            if (entry.FlaggedUntilNs <= timestampNs)
            {
                Flagged++;
                Remember(source);
            }

            entry.FlaggedUntilNs = timestampNs + _horizonNs;
        }

        return entry.FlaggedUntilNs > timestampNs;
    }

    /// <summary>
    /// True when <paramref name="source"/> was flagged at some time (the last <see cref="MaxRemembered"/> flagged
    /// sources are remembered, apart from the table, which busy traffic churns): what later stages use to disregard
    /// the accesses a scanner made before it crossed the threshold.
    /// </summary>
    public bool WasFlagged(in PacketAddress source) => _remembered.Contains(source);

    /// <summary>Flagged sources remembered now (at most <see cref="MaxRemembered"/>).</summary>
    public int RememberedCount => _remembered.Count;

    /// <summary>Allocates only when a source is flagged, never per packet.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Remember(in PacketAddress source)
    {
        if (!_remembered.Add(source))
        {
            return;
        }

        _rememberedOrder.Enqueue(source);
        if (_rememberedOrder.Count > MaxRemembered)
        {
            _remembered.Remove(_rememberedOrder.Dequeue());
        }
    }

    /// <summary>Starts loading <paramref name="source"/>'s entry (both of the cache lines it may span) into the cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(in PacketAddress source) => CachePrefetch.ReadWhole(in _table[Slot(source)]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(in PacketAddress address) => (int)(HashMix.Address(address) >> _shift);

    private struct Entry
    {
        public PacketAddress Source;
        public long EpochStartNs;
        public long FlaggedUntilNs;
        public Sketch256 Sketch;
        public bool InUse;
    }

    [InlineArray(4)]
    private struct Sketch256
    {
        private ulong _word;

        public void Set(int bit) => this[bit >> 6] |= 1UL << bit;

        public readonly int PopCount() =>
            BitOperations.PopCount(this[0]) + BitOperations.PopCount(this[1]) + BitOperations.PopCount(this[2]) + BitOperations.PopCount(this[3]);
    }
}
