using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KnockSensor.Decode;

namespace KnockSensor.Live;

/// <summary>
/// A bounded single-producer single-consumer queue of <see cref="PortEvent"/>s from one capture thread to the merging
/// thread. Lock-free: the producer publishes a slot with a release store of its tail, the consumer frees it with a
/// release store of its head; each side caches the other's index so the shared cache lines move only when needed.
/// </summary>
/// <remarks>
/// Contract: exactly one thread calls <see cref="TryWrite"/>, exactly one other thread calls <see cref="TryPeek"/>
/// (or <see cref="PeekRun"/>) and <see cref="Advance()"/>. Nothing is allocated after construction.
/// </remarks>
public sealed class PortEventRing
{
    private readonly PortEvent[] _slots;
    private readonly long _mask;
    private PaddedIndex _tail;
    private PaddedIndex _head;
    private PaddedIndex _cachedHead;
    private PaddedIndex _cachedTail;

    /// <param name="capacity">A power of two.</param>
    public PortEventRing(int capacity)
    {
        if (capacity < 2 || !int.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a power of two, at least 2.");
        }

        _slots = new PortEvent[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _slots.Length;

    /// <summary>Producer: appends <paramref name="portEvent"/>, or returns false when the ring is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWrite(in PortEvent portEvent)
    {
        var tail = _tail.Value;
        if (tail - _cachedHead.Value == _slots.Length)
        {
            _cachedHead.Value = Volatile.Read(ref _head.Value);
            if (tail - _cachedHead.Value == _slots.Length)
            {
                return false;
            }
        }

        _slots[tail & _mask] = portEvent;
        Volatile.Write(ref _tail.Value, tail + 1);
        return true;
    }

    /// <summary>Consumer: the oldest event, if any, without removing it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryPeek(out long timestampNs)
    {
        var head = _head.Value;
        if (head == _cachedTail.Value)
        {
            _cachedTail.Value = Volatile.Read(ref _tail.Value);
            if (head == _cachedTail.Value)
            {
                timestampNs = 0;
                return false;
            }
        }

        timestampNs = _slots[head & _mask].TimestampNs;
        return true;
    }

    /// <summary>Consumer: the event <see cref="TryPeek"/> found; valid until <see cref="Advance()"/>.</summary>
    public ref readonly PortEvent Head => ref _slots[_head.Value & _mask];

    /// <summary>
    /// Consumer: the oldest queued events that lie one after another in the ring (up to its end), at most
    /// <paramref name="max"/>; valid until <see cref="Advance(int)"/>. Empty when nothing is queued.
    /// </summary>
    public ReadOnlySpan<PortEvent> PeekRun(int max)
    {
        // Once per run, not per event: read the producer's index every time, so a run holds all that is queued.
        var head = _head.Value;
        _cachedTail.Value = Volatile.Read(ref _tail.Value);
        var start = (int)(head & _mask);
        var length = (int)Math.Min(Math.Min(_cachedTail.Value - head, _slots.Length - start), max);
        return _slots.AsSpan(start, length);
    }

    /// <summary>Consumer: removes the <paramref name="count"/> oldest events (a run <see cref="PeekRun"/> returned, or part of it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count)
    {
        Debug.Assert(count >= 0 && _head.Value + count <= Volatile.Read(ref _tail.Value), "Advance past the queued events");
        Volatile.Write(ref _head.Value, _head.Value + count);
    }

    /// <summary>Consumer: removes the event <see cref="TryPeek"/> found.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance() => Advance(1);

    /// <summary>A long alone on its cache line, so producer and consumer indices do not share one.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedIndex
    {
        [FieldOffset(64)]
        public long Value;
    }
}
