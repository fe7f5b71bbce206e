using System.Buffers.Binary;

namespace KnockSensor.Generator;

/// <summary>
/// xoshiro256** seeded through SplitMix64: the same seed gives the same stream on every runtime and machine
/// (unlike <see cref="Random"/>, whose seeded algorithm is an implementation detail). Not thread-safe; each
/// scenario piece owns one, derived with <see cref="Fork"/> so adding a piece does not shift the others' streams.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public DeterministicRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>An independent stream for the named consumer; the parent's stream is not advanced.</summary>
    public DeterministicRandom Fork(ulong streamId)
    {
        ulong x = _s0 ^ (streamId * 0xD1B5_4A32_D192_ED03UL);
        return new DeterministicRandom(SplitMix64(ref x) ^ _s2);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <summary>Uniform in [0, <paramref name="bound"/>), without modulo bias (Lemire's method).</summary>
    public ulong NextBounded(ulong bound)
    {
        if (bound == 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(bound));
        }

        ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                high = Math.BigMul(NextUInt64(), bound, out low);
            }
        }

        return high;
    }

    /// <summary>Uniform in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)NextBounded((ulong)maxExclusive);

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int min, int maxExclusive) => min + (int)NextBounded((ulong)(maxExclusive - min));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="maxExclusive"/>).</summary>
    public long NextLong(long min, long maxExclusive) => min + (long)NextBounded((ulong)(maxExclusive - min));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>An exponentially distributed interval (Poisson arrivals) with the given mean, at least 1 ns.</summary>
    public long Exponential(double mean)
    {
        double u = 1.0 - NextDouble();
        long value = (long)(-DeterministicMath.Log(u) * mean);
        return Math.Max(1, value);
    }

    public void NextBytes(Span<byte> destination)
    {
        while (destination.Length >= 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination, NextUInt64());
            destination = destination[8..];
        }

        if (!destination.IsEmpty)
        {
            Span<byte> tail = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(tail, NextUInt64());
            tail[..destination.Length].CopyTo(destination);
        }
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
