using System.Numerics;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// Per key (a destination host, or a source–destination pair), the window generation its current burst of accesses
/// — an <em>episode</em> — belongs to and when it was last seen: what lets <see cref="PortWindower"/> keep a knock in
/// one window.
/// </summary>
/// <remarks>
/// Direct-mapped and fixed-size (no allocation, bounded memory), keyed by a 64-bit fingerprint of the addresses. Two
/// keys on one slot just make the second start a new episode — the paper's plain behaviour — and a live episode lost
/// that way is counted in <see cref="LiveEvicted"/>.
/// </remarks>
public sealed partial class EpisodeTable
{
    private readonly Entry[] _table;
    private readonly int _shift;

    /// <param name="tableSize">Keys tracked at once, a power of two.</param>
    public EpisodeTable(int tableSize = 1 << 14)
    {
        if (tableSize < 2 || !BitOperations.IsPow2(tableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "Must be a power of two, at least 2.");
        }

        _table = new Entry[tableSize];
        _shift = 64 - BitOperations.Log2((uint)tableSize);
    }

    /// <summary>Live episodes replaced by another key's.</summary>
    public long LiveEvicted { get; private set; }

    /// <summary>The key of a destination host's episodes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong DestinationKey(in PacketAddress destination) => HashMix.Address(destination);

    /// <summary>The key of one source's episodes toward one destination.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong PairKey(in PacketAddress source, in PacketAddress destination) =>
        HashMix.Mix64(DestinationKey(destination) ^ (source.High * 0xC2B2AE3D27D4EB4FUL) ^ (source.Low * 0x165667B19E3779F9UL) ^ 0x5851F42D4C957F2DUL);

    /// <summary>
    /// True when <paramref name="key"/>'s episode is live (last seen at most <paramref name="gapNs"/> before
    /// <paramref name="nowNs"/>, its generation still open), with its generation and the accesses it put there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(ulong key, long nowNs, long gapNs, long oldestOpenGeneration, out long generation, out int accesses)
    {
        ref var entry = ref _table[Slot(key)];
        if (entry.Key == key && IsLive(entry, nowNs, gapNs, oldestOpenGeneration))
        {
            generation = entry.Generation;
            accesses = entry.Accesses;
            return true;
        }

        generation = -1;
        accesses = 0;
        return false;
    }

    /// <summary>Sets <paramref name="key"/>'s episode: its window generation, the accesses it put there, its last time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(ulong key, long generation, int accesses, long nowNs, long gapNs, long oldestOpenGeneration)
    {
        ref var entry = ref _table[Slot(key)];
        if (entry.Key != key && IsLive(entry, nowNs, gapNs, oldestOpenGeneration))
        {
            LiveEvicted++;
        }

        entry.Key = key;
        entry.Generation = generation;
        entry.Accesses = accesses;
        entry.LastNs = nowNs;
    }

    /// <summary>Moves only the last-seen time of <paramref name="key"/>'s episode (it is live and stays where it is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Touch(ulong key, long nowNs)
    {
        ref var entry = ref _table[Slot(key)];
        if (entry.Key == key)
        {
            entry.LastNs = nowNs;
        }
    }

    /// <summary>Starts loading <paramref name="key"/>'s entry into the cache (a batch looks a few accesses ahead).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong key) => CachePrefetch.Read(in _table[Slot(key)]);

    /// <summary>Entries the table holds (a fixed array: its memory cap).</summary>
    public int Capacity => _table.Length;

    /// <summary>Live episodes at <paramref name="nowNs"/>: a scan of the table, for metrics once a second, never per packet.</summary>
    public int CountLive(long nowNs, long gapNs, long oldestOpenGeneration)
    {
        var live = 0;
        foreach (ref readonly var entry in _table.AsSpan())
        {
            if (entry.Key != 0 && IsLive(entry, nowNs, gapNs, oldestOpenGeneration))
            {
                live++;
            }
        }

        return live;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsLive(in Entry entry, long nowNs, long gapNs, long oldestOpenGeneration) =>
        entry.Generation >= oldestOpenGeneration && nowNs - entry.LastNs <= gapNs;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key) => (int)(key >> _shift);


    private struct Entry
    {
        public ulong Key;
        public long Generation;
        public long LastNs;
        public int Accesses;
    }
}
