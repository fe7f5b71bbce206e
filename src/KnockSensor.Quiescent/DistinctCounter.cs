using System.Numerics;
using System.Runtime.CompilerServices;
using KnockSensor.Decode;

namespace KnockSensor.Quiescent;

/// <summary>
/// Distinct hosts in bounded memory: a HyperLogLog sketch of <see cref="Registers"/> one-byte registers
/// (Flajolet et al. 2007) with the linear-counting correction for small counts (Heule et al. 2013). Below about
/// 100 hosts the estimate is near exact (one or two hosts read as 1 or 2, which is what the verdict needs);
/// above, the standard error is 1.04/√64 ≈ 13 %.
/// </summary>
/// <remarks>Static methods over a caller-owned span so a bin's sketches sit in one preallocated arena.</remarks>
public static class DistinctCounter
{
    public const int Registers = 64;
    private const int IndexBits = 6;

    /// <summary>Adds an address to the sketch in <paramref name="registers"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add(Span<byte> registers, in PacketAddress address)
    {
        var h = HashMix.Mix64(address.High ^ HashMix.Mix64(address.Low));
        var index = (int)(h >> (64 - IndexBits));
        var rest = (h << IndexBits) | (1UL << (IndexBits - 1));
        var rank = (byte)(BitOperations.LeadingZeroCount(rest) + 1);
        ref var register = ref registers[index];
        if (rank > register)
        {
            register = rank;
        }
    }

    /// <summary>The estimated number of distinct addresses added, rounded to a whole count.</summary>
    public static int Estimate(ReadOnlySpan<byte> registers)
    {
        double sum = 0;
        var zeros = 0;
        foreach (var register in registers[..Registers])
        {
            sum += 1.0 / (1UL << register);
            zeros += register == 0 ? 1 : 0;
        }

        if (zeros == Registers)
        {
            return 0;
        }

        const double Alpha = 0.709; // α for m = 64
        var raw = Alpha * Registers * Registers / sum;
        var estimate = raw <= 2.5 * Registers && zeros > 0 ? Registers * Math.Log((double)Registers / zeros) : raw;
        return Math.Max(1, (int)Math.Round(estimate));
    }

}
