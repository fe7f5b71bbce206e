using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// The counters of the open bin: one slot per key seen in it, found through a dense key → slot index (no hashing),
/// plus two <see cref="DistinctCounter"/> sketches per slot (sources, destinations). Everything is allocated up front;
/// a bin with more than <c>capacity</c> keys drops the extra keys' packets and counts them.
/// </summary>
public sealed partial class BinAccumulator
{
    private const int SketchBytes = 2 * DistinctCounter.Registers;

    private readonly int[] _slotOfKey;
    private readonly Slot[] _slots;
    private readonly byte[] _sketches;
    private int _used;

    public BinAccumulator(int capacity)
    {
        _slotOfKey = new int[SeriesKey.Count];
        _slotOfKey.AsSpan().Fill(-1);
        _slots = new Slot[capacity];
        _sketches = new byte[capacity * SketchBytes];
    }

    /// <summary>Keys seen in the open bin.</summary>
    public int Count => _used;

    /// <summary>Packets not counted because the bin already held its capacity of keys (all bins so far).</summary>
    public long DroppedPackets { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddPacket(int key, FlowDirection direction, int wireLength, bool newFlow, bool firstInBin, in PacketAddress source, in PacketAddress destination)
    {
        var slotIndex = _slotOfKey[key];
        if (slotIndex < 0)
        {
            slotIndex = Open(key);
            if (slotIndex < 0)
            {
                return;
            }
        }

        ref var slot = ref _slots[slotIndex];
        switch (direction)
        {
            case FlowDirection.Incoming:
                slot.PacketsIncoming++;
                slot.BytesIncoming += wireLength;
                if (newFlow)
                {
                    slot.FlowsIncoming++;
                }

                if (firstInBin)
                {
                    var sketches = _sketches.AsSpan(slotIndex * SketchBytes, SketchBytes);
                    DistinctCounter.Add(sketches[..DistinctCounter.Registers], source);
                    DistinctCounter.Add(sketches[DistinctCounter.Registers..], destination);
                }

                break;
            case FlowDirection.Outgoing:
                slot.PacketsOutgoing++;
                slot.BytesOutgoing += wireLength;
                if (newFlow)
                {
                    slot.FlowsOutgoing++;
                }

                break;
            default:
                slot.PacketsOther++;
                slot.BytesOther += wireLength;
                if (newFlow)
                {
                    slot.FlowsOther++;
                }

                break;
        }
    }

    /// <summary>Starts loading <paramref name="key"/>'s entry of the key → slot index, for a packet a few places ahead in a batch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchKey(int key) => CachePrefetch.Read(in _slotOfKey[key]);

    /// <summary>The keys of the open bin, sorted, written to <paramref name="destination"/> (at least <see cref="Count"/> long).</summary>
    public int SortedKeys(Span<int> destination)
    {
        for (var i = 0; i < _used; i++)
        {
            destination[i] = _slots[i].Key;
        }

        destination[.._used].Sort();
        return _used;
    }

    /// <summary>The totals of <paramref name="key"/> in the open bin (zeros when it was not seen).</summary>
    public PortBinCounts Read(int key, long binStartNs)
    {
        var slotIndex = _slotOfKey[key];
        if (slotIndex < 0)
        {
            return new PortBinCounts { Key = key, BinStartNs = binStartNs };
        }

        ref readonly var slot = ref _slots[slotIndex];
        var sketches = _sketches.AsSpan(slotIndex * SketchBytes, SketchBytes);
        return new PortBinCounts(
            key,
            binStartNs,
            slot.FlowsIncoming,
            slot.FlowsOutgoing,
            slot.FlowsOther,
            slot.PacketsIncoming,
            slot.PacketsOutgoing,
            slot.PacketsOther,
            slot.BytesIncoming,
            slot.BytesOutgoing,
            slot.BytesOther,
            DistinctCounter.Estimate(sketches[..DistinctCounter.Registers]),
            DistinctCounter.Estimate(sketches[DistinctCounter.Registers..]));
    }

    /// <summary>Empties the accumulator for the next bin (cost proportional to the keys used, not the key space).</summary>
    public void Reset()
    {
        for (var i = 0; i < _used; i++)
        {
            _slotOfKey[_slots[i].Key] = -1;
            _slots[i] = default;
        }

        _sketches.AsSpan(0, _used * SketchBytes).Clear();
        _used = 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Open(int key)
    {
        if (_used == _slots.Length)
        {
            DroppedPackets++;
            return -1;
        }

        var index = _used++;
        _slots[index].Key = key;
        _slotOfKey[key] = index;
        return index;
    }

    private struct Slot
    {
        public int Key;
        public int FlowsIncoming;
        public int FlowsOutgoing;
        public int FlowsOther;
        public long PacketsIncoming;
        public long PacketsOutgoing;
        public long PacketsOther;
        public long BytesIncoming;
        public long BytesOutgoing;
        public long BytesOther;
    }
}
