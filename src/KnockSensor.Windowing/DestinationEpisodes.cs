using System.Numerics;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Windowing;

/// <summary>
/// Per destination host, the window its current burst of accesses (an <em>episode</em>) belongs to: what lets
/// <see cref="PortWindower"/> keep a knock in one window.
/// </summary>
/// <remarks>
/// Direct-mapped and fixed-size (no allocation, bounded memory). Two hosts hashing to one slot just make the second
/// start a new episode in the current window — the paper's plain behaviour — and a live episode lost that way is
/// counted in <see cref="LiveEvicted"/>.
/// </remarks>
public sealed class DestinationEpisodes
{
    private readonly Entry[] _table;
    private readonly int _shift;

    /// <param name="tableSize">Hosts tracked at once, a power of two.</param>
    public DestinationEpisodes(int tableSize = 1 << 16)
    {
        if (tableSize < 2 || !BitOperations.IsPow2(tableSize))
        {
            throw new ArgumentOutOfRangeException(nameof(tableSize), tableSize, "Must be a power of two, at least 2.");
        }

        _table = new Entry[tableSize];
        _shift = 64 - BitOperations.Log2((uint)tableSize);
    }

    /// <summary>Live episodes replaced by another host's.</summary>
    public long LiveEvicted { get; private set; }

    /// <summary>
    /// Returns the window generation of <paramref name="destination"/>'s episode when it is still live (same host,
    /// last access within <paramref name="gapNs"/>, window generation ≥ <paramref name="oldestOpenGeneration"/>),
    /// otherwise starts a new episode in <paramref name="currentGeneration"/> and returns that. Either way the
    /// episode's last access becomes <paramref name="timestampNs"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Touch(in PacketAddress destination, long timestampNs, long gapNs, long oldestOpenGeneration, long currentGeneration)
    {
        ref var entry = ref _table[(int)(((destination.High * 31) ^ destination.Low) * 0x9E3779B97F4A7C15UL >> _shift)];
        var live = entry.Generation >= oldestOpenGeneration && timestampNs - entry.LastNs <= gapNs;
        if (live && entry.Destination.Equals(destination))
        {
            entry.LastNs = timestampNs;
            return entry.Generation;
        }

        if (live)
        {
            LiveEvicted++;
        }

        entry.Destination = destination;
        entry.Generation = currentGeneration;
        entry.LastNs = timestampNs;
        return currentGeneration;
    }

    private struct Entry
    {
        public PacketAddress Destination;
        public long Generation;
        public long LastNs;
    }
}
