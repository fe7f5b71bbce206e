using System.Runtime.CompilerServices;

namespace KnockSensor.Capture.Files;

/// <summary>
/// Converts one pcapng interface's timestamp units (<c>if_tsresol</c>: 10^-n or 2^-n seconds, plus the
/// <c>if_tsoffset</c> seconds) to nanoseconds since the epoch. Fractions of a nanosecond are truncated.
/// </summary>
internal readonly struct PcapNgTimestampScale
{
    /// <summary>The pcapng default when an interface has no <c>if_tsresol</c>: microseconds.</summary>
    public static readonly PcapNgTimestampScale Microseconds = new(1000, 1, 0, 0);

    private static readonly ulong[] PowersOfTen = BuildPowersOfTen();

    // units * _multiplier / _divisor for decimal resolutions; a non-zero _binaryExponent selects 2^-n instead.
    private readonly ulong _multiplier;
    private readonly ulong _divisor;
    private readonly int _binaryExponent;
    private readonly long _offsetNanoseconds;

    private PcapNgTimestampScale(ulong multiplier, ulong divisor, int binaryExponent, long offsetNanoseconds)
    {
        _multiplier = multiplier;
        _divisor = divisor;
        _binaryExponent = binaryExponent;
        _offsetNanoseconds = offsetNanoseconds;
    }

    /// <summary>
    /// The scale for an <c>if_tsresol</c> byte (high bit clear: 10^-value seconds; set: 2^-(value &amp; 0x7f))
    /// and an <c>if_tsoffset</c> in seconds; <see langword="false"/> when the resolution cannot be represented.
    /// </summary>
    public static bool TryCreate(byte resolution, long offsetSeconds, out PcapNgTimestampScale scale)
    {
        long offsetNanoseconds = unchecked(offsetSeconds * 1_000_000_000);
        int exponent = resolution & 0x7F;
        if ((resolution & 0x80) != 0)
        {
            if (exponent > 63)
            {
                scale = default;
                return false;
            }

            // 2^0 is whole seconds: a plain multiplication, so the binary branch is kept for exponents >= 1.
            scale = exponent == 0
                ? new PcapNgTimestampScale(1_000_000_000, 1, 0, offsetNanoseconds)
                : new PcapNgTimestampScale(0, 0, exponent, offsetNanoseconds);
            return true;
        }

        if (exponent >= PowersOfTen.Length)
        {
            scale = default;
            return false;
        }

        scale = exponent <= 9
            ? new PcapNgTimestampScale(PowersOfTen[9 - exponent], 1, 0, offsetNanoseconds)
            : new PcapNgTimestampScale(1, PowersOfTen[exponent - 9], 0, offsetNanoseconds);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ToNanoseconds(ulong units)
    {
        ulong nanoseconds;
        if (_binaryExponent != 0)
        {
            nanoseconds = FromBinaryFraction(units);
        }
        else if (_divisor == 1)
        {
            nanoseconds = unchecked(units * _multiplier);
        }
        else
        {
            nanoseconds = units / _divisor;
        }

        return unchecked((long)nanoseconds + _offsetNanoseconds);
    }

    private ulong FromBinaryFraction(ulong units)
    {
        ulong seconds = units >> _binaryExponent;
        ulong fraction = units & ((1UL << _binaryExponent) - 1);
        ulong fractionNanoseconds = (ulong)(((UInt128)fraction * 1_000_000_000) >> _binaryExponent);
        return unchecked(seconds * 1_000_000_000 + fractionNanoseconds);
    }

    private static ulong[] BuildPowersOfTen()
    {
        // 10^0 .. 10^19: the largest power of ten a 64-bit unit count can be divided by.
        var powers = new ulong[20];
        powers[0] = 1;
        for (int i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }
}
