using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace KnockSensor.Decode;

/// <summary>
/// Asks the CPU to start loading a cache line that will be needed a little later (x86 <c>prefetcht0</c>; nothing on
/// other CPUs). Stages whose tables are larger than the cache call it for the entries of events a few places ahead in
/// a batch (<see cref="IPortEventSink.AddBatch"/>), so the misses of several events are in flight at once.
/// </summary>
/// <remarks>
/// A prefetch never faults and never changes a value: a stale address (the GC moved the array since) only wastes
/// the hint, so no pinning is needed.
/// </remarks>
public static class CachePrefetch
{
    /// <summary>Prefetches the cache line holding <paramref name="location"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Read<T>(ref readonly T location)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.AsRef(in location)));
        }
    }

    /// <summary>Prefetches the cache lines holding the first and the last byte of <paramref name="location"/>: the whole of a value of up to two lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void ReadWhole<T>(ref readonly T location)
    {
        if (Sse.IsSupported)
        {
            var first = (byte*)Unsafe.AsPointer(ref Unsafe.AsRef(in location));
            Sse.Prefetch0(first);
            Sse.Prefetch0(first + Unsafe.SizeOf<T>() - 1);
        }
    }
}
