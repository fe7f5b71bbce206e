namespace KnockSensor.Mining;

/// <summary>
/// log of the binomial probability C(n, x) pˣ qⁿ⁻ˣ by Loader's saddle-point method ("Fast and accurate computation
/// of binomial probabilities", 2000; what R's <c>dbinom</c> uses): a Stirling-error term and a deviance term
/// <c>bd0</c> replace the factorials, so the result is accurate to ~1e-14 relative for any n up to 2⁶³, with no table
/// of log-factorials and no cancellation between huge log-gammas.
/// </summary>
internal static class Binomial
{
    internal const double LogTwoPi = 1.837877066409345483560659472811;

    /// <summary>δ(n) = log n! − (n + ½) log n + n − ½ log 2π for n = 0..15 (n = 0 unused).</summary>
    private static ReadOnlySpan<double> SmallStirlingErrors =>
    [
        0.0,
        0.08106146679532725821967026,
        0.04134069595540929409382208,
        0.02767792568499833914878929,
        0.02079067210376509311152277,
        0.01664469118982119216319487,
        0.01387612882307074799874573,
        0.01189670994589177009505572,
        0.01041126526197209649747857,
        0.009255462182712732917728637,
        0.008330563433362871256469319,
        0.007573675487951840794972024,
        0.006942840107209529865664153,
        0.006408994188004207068439631,
        0.005951370112758847735624416,
        0.00555473355196280137103869,
    ];

    /// <summary>log P(X = x) for X ~ Bin(n, p); <paramref name="q"/> = 1 − p and the logs are passed in so callers keep them exact.</summary>
    public static double LogProbability(long x, long n, double p, double q, double logP, double logQ)
    {
        if (x < 0 || x > n)
        {
            return double.NegativeInfinity;
        }

        if (p == 0)
        {
            return x == 0 ? 0 : double.NegativeInfinity;
        }

        if (q == 0)
        {
            return x == n ? 0 : double.NegativeInfinity;
        }

        if (x == 0)
        {
            return n * logQ;
        }

        if (x == n)
        {
            return n * logP;
        }

        double nd = n;
        double xd = x;
        double rest = n - x;
        var lc = StirlingError(n) - StirlingError(x) - StirlingError(n - x) - DevianceTerm(xd, nd * p) - DevianceTerm(rest, nd * q);
        var lf = LogTwoPi + Math.Log(xd) + StableMath.Log1P(-xd / nd);
        return lc - (0.5 * lf);
    }

    /// <summary>δ(n) = log n! − log(√(2π n) (n/e)ⁿ), from the table or the asymptotic series.</summary>
    public static double StirlingError(long n)
    {
        if (n <= 15)
        {
            return SmallStirlingErrors[(int)n];
        }

        const double S0 = 1.0 / 12;
        const double S1 = 1.0 / 360;
        const double S2 = 1.0 / 1260;
        const double S3 = 1.0 / 1680;
        const double S4 = 1.0 / 1188;
        double nd = n;
        var nn = nd * nd;
        if (n > 500)
        {
            return (S0 - (S1 / nn)) / nd;
        }

        if (n > 80)
        {
            return (S0 - ((S1 - (S2 / nn)) / nn)) / nd;
        }

        if (n > 35)
        {
            return (S0 - ((S1 - ((S2 - (S3 / nn)) / nn)) / nn)) / nd;
        }

        return (S0 - ((S1 - ((S2 - ((S3 - (S4 / nn)) / nn)) / nn)) / nn)) / nd;
    }

    /// <summary>bd0(x, m) = x log(x/m) + m − x, by a series when x is close to m (where the direct form cancels).</summary>
    public static double DevianceTerm(double x, double m)
    {
        if (Math.Abs(x - m) < 0.1 * (x + m))
        {
            var v = (x - m) / (x + m);
            var s = (x - m) * v;
            if (Math.Abs(s) < double.Epsilon * 4)
            {
                return s;
            }

            var ej = 2 * x * v;
            v *= v;
            for (var j = 1; j < 1000; j++)
            {
                ej *= v;
                var next = s + (ej / ((2 * j) + 1));
                if (next == s)
                {
                    return next;
                }

                s = next;
            }
        }

        return (x * Math.Log(x / m)) + m - x;
    }
}
