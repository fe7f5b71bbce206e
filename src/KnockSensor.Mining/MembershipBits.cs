using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace KnockSensor.Mining;

/// <summary>
/// Operations on membership rows (one bit per history window). Intersections use <see cref="Vector256"/> or
/// <see cref="Vector128"/> when hardware-accelerated, with a scalar tail; counts use <see cref="BitOperations.PopCount(ulong)"/>
/// per word, because there is no portable vector population count.
/// </summary>
public static class MembershipBits
{
    /// <summary>popcount(a AND b): the windows holding both itemsets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int AndPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length == 1)
        {
            return BitOperations.PopCount(a[0] & b[0]);
        }

        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += BitOperations.PopCount(a[i] & b[i]);
        }

        return count;
    }

    /// <summary>popcount(a AND b AND c).</summary>
    public static int AndPopCount(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, ReadOnlySpan<ulong> c)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            count += BitOperations.PopCount(a[i] & b[i] & c[i]);
        }

        return count;
    }

    /// <summary>popcount(a).</summary>
    /// <summary>Appends the index of every set bit of <paramref name="row"/> to <paramref name="slots"/>, in increasing order.</summary>
    public static void AddSetBits(ReadOnlySpan<ulong> row, List<int> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        for (var w = 0; w < row.Length; w++)
        {
            var bits = row[w];
            while (bits != 0)
            {
                slots.Add((w << 6) + BitOperations.TrailingZeroCount(bits));
                bits &= bits - 1;
            }
        }
    }

    public static int PopCount(ReadOnlySpan<ulong> a)
    {
        var count = 0;
        foreach (var word in a)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>destination = a AND b, element-wise; all three the same length.</summary>
    public static void AndInto(Span<ulong> destination, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        if (a.Length != destination.Length || b.Length != destination.Length)
        {
            ThrowLengthMismatch();
        }

        ref var d = ref MemoryMarshal.GetReference(destination);
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b);
        var length = (nuint)destination.Length;
        nuint i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector256<ulong>.Count <= length; i += (nuint)Vector256<ulong>.Count)
            {
                (Vector256.LoadUnsafe(ref x, i) & Vector256.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector128<ulong>.Count <= length; i += (nuint)Vector128<ulong>.Count)
            {
                (Vector128.LoadUnsafe(ref x, i) & Vector128.LoadUnsafe(ref y, i)).StoreUnsafe(ref d, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref d, i) = Unsafe.Add(ref x, i) & Unsafe.Add(ref y, i);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowLengthMismatch() => throw new ArgumentException("Rows must have the same length.");
}
