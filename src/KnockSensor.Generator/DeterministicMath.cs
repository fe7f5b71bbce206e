namespace KnockSensor.Generator;

/// <summary>
/// Transcendental functions written with IEEE basic operations only. <see cref="Math.Log(double)"/> calls the
/// platform C library, whose last bit may differ between libcs and CPUs; a sampled interval that lands on a rounding
/// boundary would then differ by a nanosecond and the capture would no longer be byte-identical everywhere.
/// </summary>
internal static class DeterministicMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Natural logarithm of a positive, normal <paramref name="x"/> (accurate to about 1e-15 relative).</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || !double.IsNormal(x))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(x));
        }

        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF) - 1023;
        double mantissa = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        if (mantissa > Sqrt2)
        {
            mantissa *= 0.5;
            exponent++;
        }

        // ln(m) = 2 atanh(s) with s = (m-1)/(m+1), |s| <= 0.172: the odd series converges by a factor of 34 a term.
        double s = (mantissa - 1.0) / (mantissa + 1.0);
        double s2 = s * s;
        double term = s;
        double sum = 0;
        for (int k = 1; k <= 23; k += 2)
        {
            sum += term / k;
            term *= s2;
        }

        return (exponent * Ln2) + (2.0 * sum);
    }
}
