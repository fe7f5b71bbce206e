using System.Runtime.CompilerServices;

namespace KnockSensor.Quiescent;

/// <summary>
/// The seed's robust correlation (after Rousseeuw &amp; Van Zomeren 1990): estimate the centre and scatter of the
/// 2-D points (x_t, y_t) with a Minimum Covariance Determinant fit, drop the <c>trimFraction</c> of points with the
/// largest robust (Mahalanobis) distance, and take Pearson's correlation of the rest.
/// </summary>
/// <remarks>
/// The MCD fit is deterministic, in the style of DetMCD (Hubert, Rousseeuw &amp; Verdonck 2012): it starts from a
/// robust estimate — medians, MAD scales and the Gnanadesikan–Kettenring correlation (MAD² of the sum and difference
/// of the standardised series) — and improves it with C-steps (Rousseeuw &amp; Van Driessen 1999): keep the h = ⌈¾n⌉
/// points closest under the current estimate, refit mean and covariance on them, repeat until the determinant stops
/// falling. Each C-step can only lower the determinant, so a few suffice; every pass is O(n) (selection, not sorting).
/// One instance owns its scratch buffers: not thread-safe, no allocation per call.
/// </remarks>
public sealed class RobustCorrelation
{
    private const int MaxCSteps = 6;

    private readonly double[] _distances;
    private readonly double[] _scratch;
    private readonly double[] _u;
    private readonly double[] _v;
    private readonly double _trimFraction;

    public RobustCorrelation(int capacity, double trimFraction = 0.05)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        if (trimFraction is < 0 or >= 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(trimFraction), trimFraction, "must be in [0, 0.5)");
        }

        _distances = new double[capacity];
        _scratch = new double[capacity];
        _u = new double[capacity];
        _v = new double[capacity];
        _trimFraction = trimFraction;
    }

    /// <summary>Points dropped out of <paramref name="n"/>: ⌈trimFraction × n⌉ (one in twenty, rounded up).</summary>
    public int Dropped(int n) => (int)Math.Ceiling((_trimFraction * n) - 1e-9);

    /// <summary>
    /// C(x, y) in [-1, 1]. C(x, x) = 1 and C(x, y) = C(y, x). A series without spread (constant once the extremes are
    /// dropped) correlates 0 with anything but itself.
    /// </summary>
    public double Compute(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("the two series must have the same length", nameof(y));
        }

        var n = x.Length;
        if (n > _distances.Length)
        {
            throw new ArgumentException($"series of {n} points exceed this instance's capacity of {_distances.Length}", nameof(x));
        }

        if (n == 0)
        {
            return 0;
        }

        if (Unsafe.AreSame(ref Unsafe.AsRef(in x[0]), ref Unsafe.AsRef(in y[0])) || x.SequenceEqual(y))
        {
            return 1;
        }

        // The MCD estimate is symmetric in (x, y) only up to floating-point order; computing it in one canonical
        // order makes C(x, y) == C(y, x) exactly.
        if (Prefer(y, x))
        {
            var swapped = x;
            x = y;
            y = swapped;
        }

        if (n < 4 || _trimFraction == 0)
        {
            return RobustStatistics.Pearson(x, y);
        }

        if (!TryInitialEstimate(x, y, out var estimate))
        {
            return 0;
        }

        var h = Math.Max((n + 3) / 2, (int)Math.Ceiling(0.75 * n));
        var determinant = estimate.Determinant;
        for (var step = 0; step < MaxCSteps; step++)
        {
            Distances(x, y, estimate);
            var refit = FitClosest(x, y, h);
            if (!(refit.Determinant > 0) || refit.Determinant >= determinant * (1 - 1e-9))
            {
                if (refit.Determinant > 0 && refit.Determinant < determinant)
                {
                    estimate = refit;
                }

                break;
            }

            estimate = refit;
            determinant = refit.Determinant;
        }

        Distances(x, y, estimate);
        var keep = n - Dropped(n);
        var threshold = Threshold(n, keep);
        return PearsonOfKept(x, y, keep, threshold);
    }

    private static bool Prefer(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i] < b[i];
            }
        }

        return false;
    }

    private bool TryInitialEstimate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, out Estimate estimate)
    {
        var n = x.Length;
        var mx = RobustStatistics.Median(x, _scratch);
        var my = RobustStatistics.Median(y, _scratch);
        var sx = RobustStatistics.Scale(x, mx, _scratch);
        var sy = RobustStatistics.Scale(y, my, _scratch);
        if (!(sx > 0) || !(sy > 0))
        {
            estimate = default;
            return false;
        }

        var u = _u.AsSpan(0, n);
        var v = _v.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            var a = (x[i] - mx) / sx;
            var b = (y[i] - my) / sy;
            u[i] = a + b;
            v[i] = a - b;
        }

        var su = RobustStatistics.Scale(u, RobustStatistics.Median(u, _scratch), _scratch);
        var sv = RobustStatistics.Scale(v, RobustStatistics.Median(v, _scratch), _scratch);
        var denominator = (su * su) + (sv * sv);
        var r0 = denominator > 0 ? Math.Clamp(((su * su) - (sv * sv)) / denominator, -0.99, 0.99) : 0;
        estimate = new Estimate(mx, my, sx * sx, r0 * sx * sy, sy * sy);
        return true;
    }

    private void Distances(ReadOnlySpan<double> x, ReadOnlySpan<double> y, in Estimate estimate)
    {
        // Inverse of [[a, b], [b, c]] is [[c, -b], [-b, a]] / det.
        var inverseDeterminant = 1 / estimate.Determinant;
        var a = estimate.Cxx;
        var b = estimate.Cxy;
        var c = estimate.Cyy;
        var distances = _distances.AsSpan(0, x.Length);
        for (var i = 0; i < distances.Length; i++)
        {
            var dx = x[i] - estimate.Mx;
            var dy = y[i] - estimate.My;
            distances[i] = ((c * dx * dx) - (2 * b * dx * dy) + (a * dy * dy)) * inverseDeterminant;
        }
    }

    /// <summary>The largest distance among the <paramref name="keep"/> smallest.</summary>
    private double Threshold(int n, int keep)
    {
        var work = _scratch.AsSpan(0, n);
        _distances.AsSpan(0, n).CopyTo(work);
        return RobustStatistics.Select(work, keep - 1);
    }

    private Estimate FitClosest(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int h)
    {
        var mask = MarkClosest(x.Length, h, Threshold(x.Length, h));
        double sx = 0, sy = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                sx += x[i];
                sy += y[i];
            }
        }

        var count = h;
        var mx = sx / count;
        var my = sy / count;
        double cxx = 0, cxy = 0, cyy = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                var dx = x[i] - mx;
                var dy = y[i] - my;
                cxx += dx * dx;
                cxy += dx * dy;
                cyy += dy * dy;
            }
        }

        return new Estimate(mx, my, cxx / count, cxy / count, cyy / count);
    }

    /// <summary>
    /// Marks (1 in the returned span) the <paramref name="count"/> points with the smallest distances: those strictly
    /// below <paramref name="threshold"/>, then ties at it in index order, so the subset is the same on every run.
    /// </summary>
    private Span<double> MarkClosest(int n, int count, double threshold)
    {
        var distances = _distances.AsSpan(0, n);
        var mask = _u.AsSpan(0, n);
        mask.Clear();
        var marked = 0;
        for (var i = 0; i < n; i++)
        {
            if (distances[i] < threshold)
            {
                mask[i] = 1;
                marked++;
            }
        }

        for (var i = 0; i < n && marked < count; i++)
        {
            if (distances[i] == threshold)
            {
                mask[i] = 1;
                marked++;
            }
        }

        return mask;
    }

    private double PearsonOfKept(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int keep, double threshold) =>
        RobustStatistics.Pearson(x, y, MarkClosest(x.Length, keep, threshold));

    private readonly record struct Estimate(double Mx, double My, double Cxx, double Cxy, double Cyy)
    {
        public double Determinant => (Cxx * Cyy) - (Cxy * Cxy);
    }
}
