using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// One-way flows (source address and port, destination address and port, protocol) with an idle timeout, in a fixed
/// set-associative table: a flow lives in one bucket of <see cref="Ways"/> slots chosen by its hash, and a slot holds
/// only a 64-bit fingerprint of the tuple and the time of its last packet (16 bytes, so a bucket is two cache lines
/// and a packet of a known flow costs one or two cache misses). A new flow takes an empty or timed-out slot, else
/// evicts the bucket's stalest flow (counted in <see cref="Evicted"/>). Nothing is allocated after construction.
/// </summary>
/// <remarks>
/// Two different tuples share a fingerprint with probability about n²/2⁶⁵ for n live flows (1e-7 for ten million):
/// the only cost would be one flow counted as part of another. For ICMP the "destination port" is type × 256 + code,
/// so each type/code is a flow of its own. An evicted flow that sends again is counted as a new flow: eviction errs
/// towards more flows, never fewer. Single-threaded.
/// </remarks>
public sealed partial class FlowTable
{
    /// <summary>Slots per bucket: 8 × 16 bytes.</summary>
    public const int Ways = 8;

    private readonly FlowSlot[] _slots;
    private readonly int _bucketMask;
    private readonly long _idleTimeoutNs;

    public FlowTable(int capacity, int idleTimeoutSeconds)
    {
        if (capacity < Ways || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a power of two of at least 8");
        }

        _slots = new FlowSlot[capacity];
        _bucketMask = (capacity / Ways) - 1;
        _idleTimeoutNs = idleTimeoutSeconds * 1_000_000_000L;
    }

    public int Capacity => _slots.Length;

    /// <summary>Live flows pushed out of a full bucket before their idle timeout.</summary>
    public long Evicted { get; private set; }

    /// <summary>Flows started (each counted once, in the bin of its first packet).</summary>
    public long Started { get; private set; }

    /// <summary>
    /// Records a packet. Returns true when it starts a new flow. <paramref name="firstInBin"/> is true when this is the
    /// flow's first packet since <paramref name="binStartNs"/> (so per-bin host counts see each flow once per bin).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Touch(in PortEvent portEvent, ushort destinationPortOrType, long binStartNs, out bool firstInBin) =>
        Touch(Fingerprint(portEvent, destinationPortOrType), portEvent.TimestampNs, binStartNs, out firstInBin);

    /// <summary>
    /// <see cref="Touch(in PortEvent, ushort, long, out bool)"/> for a packet at <paramref name="nowNs"/> whose
    /// <see cref="Fingerprint"/> is already known (a batch computes it once, to prefetch the bucket and to count).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Touch(ulong fingerprint, long nowNs, long binStartNs, out bool firstInBin)
    {
        var bucket = _slots.AsSpan(BucketStart(fingerprint), Ways);
        for (var i = 0; i < bucket.Length; i++)
        {
            ref var slot = ref bucket[i];
            if (slot.Fingerprint != fingerprint)
            {
                continue;
            }

            var last = slot.LastSeenNs;
            var isNew = nowNs - last > _idleTimeoutNs;
            firstInBin = isNew || last < binStartNs;
            slot.LastSeenNs = Math.Max(last, nowNs);
            if (isNew)
            {
                Started++;
            }

            return isNew;
        }

        Insert(bucket, fingerprint, nowNs);
        firstInBin = true;
        return true;
    }

    /// <summary>
    /// Starts loading the bucket of the flow with <paramref name="fingerprint"/>, for a packet a few places ahead in a
    /// batch. Only a hint: nothing is read or written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Prefetch(ulong fingerprint)
    {
        // A bucket is 128 bytes but the array's data need not start on a cache line, so it can straddle three lines:
        // its first slot, the slot 64 bytes on and the last word of its last slot lie one in each.
        ref readonly var first = ref _slots[BucketStart(fingerprint)];
        CachePrefetch.Read(in first);
        CachePrefetch.Read(in Unsafe.Add(ref Unsafe.AsRef(in first), Ways / 2));
        CachePrefetch.Read(in Unsafe.Add(ref Unsafe.AsRef(in first), Ways - 1).LastSeenNs);
    }

    /// <summary>Flows seen within the idle timeout of <paramref name="nowNs"/> (a full scan: for reports and tests).</summary>
    public int CountLive(long nowNs)
    {
        var live = 0;
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            if (slot.Fingerprint != 0 && nowNs - slot.LastSeenNs <= _idleTimeoutNs)
            {
                live++;
            }
        }

        return live;
    }

    private void Insert(Span<FlowSlot> bucket, ulong fingerprint, long now)
    {
        var free = -1;
        var stalest = 0;
        for (var i = 0; i < bucket.Length; i++)
        {
            if (bucket[i].Fingerprint == 0 || now - bucket[i].LastSeenNs > _idleTimeoutNs)
            {
                free = i;
                break;
            }

            if (bucket[i].LastSeenNs < bucket[stalest].LastSeenNs)
            {
                stalest = i;
            }
        }

        if (free < 0)
        {
            free = stalest;
            Evicted++;
        }

        bucket[free].Fingerprint = fingerprint;
        bucket[free].LastSeenNs = now;
        Started++;
    }

    /// <summary>A 64-bit hash of the 5-tuple, never 0 (0 marks an empty slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Fingerprint(in PortEvent portEvent, ushort destinationPortOrType)
    {
        // Each word goes through a multiply-xorshift round (splitmix64's finaliser) before the next is folded in,
        // so no simple relation between two tuples' fields survives into the fingerprint.
        var h = HashMix.Mix64(portEvent.Source.Low ^ 0x9E37_79B9_7F4A_7C15UL);
        h = HashMix.Mix64(h ^ portEvent.Destination.Low);
        h = HashMix.Mix64(h ^ portEvent.Source.High ^ (portEvent.Destination.High * 0xC2B2_AE3D_27D4_EB4FUL));
        h = HashMix.Mix64(h ^ (((ulong)portEvent.SourcePort << 24) | ((ulong)destinationPortOrType << 8) | (byte)portEvent.Protocol));
        return h | 1;
    }

    /// <summary>The index of the first slot of the fingerprint's bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int BucketStart(ulong fingerprint) =>
        // The bucket comes from the high half: the low bit of every fingerprint is 1.
        (int)((fingerprint >> 32) & (uint)_bucketMask) * Ways;

    private struct FlowSlot
    {
        public ulong Fingerprint;
        public long LastSeenNs;
    }
}
