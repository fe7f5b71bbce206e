using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// One-way flows (source address and port, destination address and port, protocol) with an idle timeout, in a fixed
/// set-associative table: a flow lives in one bucket of <see cref="Ways"/> slots chosen by its hash. A packet checks
/// the 32-bit tags of its bucket and compares the full tuple only on a tag match; a new flow takes an empty or
/// timed-out slot, else evicts the bucket's stalest flow (counted in <see cref="Evicted"/>). Nothing is allocated
/// after construction and no slot is ever "deleted", so lookups need no tombstones.
/// </summary>
/// <remarks>
/// For ICMP the "destination port" is type × 256 + code, so each type/code is a flow of its own. An evicted flow that
/// sends again is counted as a new flow: eviction errs towards more flows, never fewer. Single-threaded.
/// </remarks>
public sealed class FlowTable
{
    /// <summary>Slots per bucket: a bucket's tags fill one 64-byte cache line.</summary>
    public const int Ways = 16;

    // Three parallel arrays so the common case touches little memory: a packet of a known flow reads one line of
    // tags and then one entry; only a new flow reads the bucket's last-seen times to find a slot.
    private readonly uint[] _tags;
    private readonly long[] _lastSeenNs;
    private readonly FlowEntry[] _entries;
    private readonly int _bucketMask;
    private readonly long _idleTimeoutNs;

    public FlowTable(int capacity, int idleTimeoutSeconds)
    {
        if (capacity < Ways || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a power of two of at least 16");
        }

        _tags = new uint[capacity];
        _lastSeenNs = new long[capacity];
        _entries = new FlowEntry[capacity];
        _bucketMask = (capacity / Ways) - 1;
        _idleTimeoutNs = idleTimeoutSeconds * 1_000_000_000L;
    }

    public int Capacity => _entries.Length;

    /// <summary>Live flows pushed out of a full bucket before their idle timeout.</summary>
    public long Evicted { get; private set; }

    /// <summary>Flows started (each counted once, in the bin of its first packet).</summary>
    public long Started { get; private set; }

    /// <summary>
    /// Records a packet. Returns true when it starts a new flow. <paramref name="firstInBin"/> is true when this is the
    /// flow's first packet in bin <paramref name="binNumber"/> (so per-bin host counts see each flow once per bin).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Touch(in PortEvent portEvent, ushort destinationPortOrType, long binNumber, out bool firstInBin)
    {
        var ports = ((uint)portEvent.SourcePort << 16) | destinationPortOrType;
        var protocol = (byte)portEvent.Protocol;
        var now = portEvent.TimestampNs;
        var hash = Hash(portEvent.Source, portEvent.Destination, ports, protocol);
        var tag = (uint)(hash >> 32) | 1u;
        var start = (int)(hash & (uint)_bucketMask) * Ways;
        var tags = _tags.AsSpan(start, Ways);
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i] != tag)
            {
                continue;
            }

            ref var entry = ref _entries[start + i];
            if (entry.Ports == ports && entry.Protocol == protocol
                && entry.SourceLow == portEvent.Source.Low && entry.DestinationLow == portEvent.Destination.Low
                && entry.SourceHigh == portEvent.Source.High && entry.DestinationHigh == portEvent.Destination.High)
            {
                ref var lastSeen = ref _lastSeenNs[start + i];
                var isNew = now - lastSeen > _idleTimeoutNs;
                lastSeen = Math.Max(lastSeen, now);
                firstInBin = isNew || entry.BinNumber != binNumber;
                entry.BinNumber = binNumber;
                if (isNew)
                {
                    Started++;
                }

                return isNew;
            }
        }

        Insert(portEvent, ports, protocol, tag, start, binNumber);
        firstInBin = true;
        return true;
    }

    /// <summary>Flows seen within the idle timeout of <paramref name="nowNs"/> (a full scan: for reports and tests).</summary>
    public int CountLive(long nowNs)
    {
        var live = 0;
        for (var i = 0; i < _tags.Length; i++)
        {
            if (_tags[i] != 0 && nowNs - _lastSeenNs[i] <= _idleTimeoutNs)
            {
                live++;
            }
        }

        return live;
    }

    private void Insert(in PortEvent portEvent, uint ports, byte protocol, uint tag, int start, long binNumber)
    {
        var now = portEvent.TimestampNs;
        var tags = _tags.AsSpan(start, Ways);
        var lastSeen = _lastSeenNs.AsSpan(start, Ways);
        var free = -1;
        var stalest = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (tags[i] == 0 || now - lastSeen[i] > _idleTimeoutNs)
            {
                free = i;
                break;
            }

            if (lastSeen[i] < lastSeen[stalest])
            {
                stalest = i;
            }
        }

        if (free < 0)
        {
            free = stalest;
            Evicted++;
        }

        tags[free] = tag;
        lastSeen[free] = now;
        ref var slot = ref _entries[start + free];
        slot.SourceHigh = portEvent.Source.High;
        slot.SourceLow = portEvent.Source.Low;
        slot.DestinationHigh = portEvent.Destination.High;
        slot.DestinationLow = portEvent.Destination.Low;
        slot.Ports = ports;
        slot.Protocol = protocol;
        slot.BinNumber = binNumber;
        Started++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Hash(in PacketAddress source, in PacketAddress destination, uint ports, byte protocol)
    {
        // Multiply-xorshift mixing (as in splitmix64's finaliser) of the folded tuple: cheap and spreads every bit.
        var h = source.Low * 0x9E37_79B9_7F4A_7C15UL;
        h ^= destination.Low + 0xC2B2_AE3D_27D4_EB4FUL + (h << 6) + (h >> 2);
        h ^= (source.High ^ (destination.High * 31)) + (((ulong)ports << 8) | protocol);
        h ^= h >> 33;
        h *= 0xFF51_AFD7_ED55_8CCDUL;
        h ^= h >> 33;
        h *= 0xC4CE_B9FE_1A85_EC53UL;
        return h ^ (h >> 33);
    }

    private struct FlowEntry
    {
        public ulong SourceHigh;
        public ulong SourceLow;
        public ulong DestinationHigh;
        public ulong DestinationLow;
        public long BinNumber;
        public uint Ports;
        public byte Protocol;
    }
}
