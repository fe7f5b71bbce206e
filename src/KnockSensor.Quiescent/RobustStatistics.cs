namespace KnockSensor.Quiescent;

/// <summary>Order statistics without sorting: Hoare's selection in place, median, MAD. Deterministic (no random pivots).</summary>
public static class RobustStatistics
{
    /// <summary>Scales the median absolute deviation to the standard deviation of a normal distribution.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>Rearranges <paramref name="values"/> so that index <paramref name="k"/> holds the k-th smallest; returns it.</summary>
    public static double Select(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        var left = 0;
        var right = values.Length - 1;
        while (right > left)
        {
            // Median of three as the pivot keeps sorted and constant inputs linear.
            var middle = left + ((right - left) / 2);
            var pivot = MedianOfThree(values[left], values[middle], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>The median of <paramref name="values"/> (mean of the two middle values for an even count); reorders it.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var upperIndex = values.Length / 2;
        var upper = Select(values, upperIndex);
        if ((values.Length & 1) == 1)
        {
            return upper;
        }

        // After selection every value left of upperIndex is ≤ upper: the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        foreach (var value in values[..upperIndex])
        {
            lower = Math.Max(lower, value);
        }

        return (lower + upper) / 2;
    }

    /// <summary>The median of <paramref name="values"/>, using <paramref name="scratch"/> (at least as long) as work space.</summary>
    public static double Median(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var work = scratch[..values.Length];
        values.CopyTo(work);
        return MedianInPlace(work);
    }

    /// <summary>Median absolute deviation from <paramref name="center"/> (unscaled).</summary>
    public static double Mad(ReadOnlySpan<double> values, double center, Span<double> scratch)
    {
        var work = scratch[..values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            work[i] = Math.Abs(values[i] - center);
        }

        return MedianInPlace(work);
    }

    /// <summary>A robust scale: 1.4826 × MAD, or when more than half the values tie, 1.2533 × the mean absolute deviation (still 0 for a constant).</summary>
    public static double Scale(ReadOnlySpan<double> values, double center, Span<double> scratch)
    {
        var mad = Mad(values, center, scratch);
        if (mad > 0)
        {
            return MadToSigma * mad;
        }

        double sum = 0;
        foreach (var value in values)
        {
            sum += Math.Abs(value - center);
        }

        return values.Length == 0 ? 0 : 1.2533 * sum / values.Length;
    }

    /// <summary>Plain Pearson correlation; 0 when either side has no variance.</summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y) => Pearson(x, y, mask: default);

    /// <summary>
    /// Pearson correlation of the points whose <paramref name="mask"/> entry is not 0 (every point when the mask is
    /// empty); 0 when there are none or either side has no variance.
    /// </summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> mask)
    {
        var all = mask.IsEmpty;
        var count = 0;
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (all || mask[i] != 0)
            {
                mx += x[i];
                my += y[i];
                count++;
            }
        }

        if (count == 0)
        {
            return 0;
        }

        mx /= count;
        my /= count;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            if (all || mask[i] != 0)
            {
                var dx = x[i] - mx;
                var dy = y[i] - my;
                sxy += dx * dy;
                sxx += dx * dx;
                syy += dy * dy;
            }
        }

        return sxx <= 0 || syy <= 0 ? 0 : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : Math.Max(a, c)) : (a < c ? a : Math.Max(b, c));
}
