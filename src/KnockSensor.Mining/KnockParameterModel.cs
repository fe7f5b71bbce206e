namespace KnockSensor.Mining;

/// <summary>
/// Section 5.1 of the paper: how often a port that carries only background traffic lands in a window, and the
/// thresholds that follow from it.
/// </summary>
/// <remarks>
/// With u involved ports, t accesses and windows of ws accesses there are l = ⌊t / ws⌋ complete windows (the
/// paper writes l = t/ws; the miner only ever sees complete windows). A port drawn uniformly among u is in a given
/// window with probability p = 1 − (1 − 1/u)^ws (eq. 7), and in exactly x of the l windows with the binomial
/// probability p(x) = C(l, x) pˣ (1 − p)^(l − x) (eq. 8). Everything is in log space, as the paper suggests:
/// log(1 − p) = ws · log1p(−1/u) has no cancellation, p = −expm1 of it, and log p(x) comes from Loader's saddle-point
/// form (<see cref="Binomial"/>), so it stays finite and accurate for any l, where the factorials and powers
/// themselves overflow or underflow. Nothing here is O(l) in memory; the searches are O(σ) around the mean.
/// </remarks>
public sealed class KnockParameterModel
{
    /// <summary>Default tail probability of <see cref="SuggestedMinSupport"/>.</summary>
    public const double DefaultTailProbability = 0.01;

    /// <summary>Most points <see cref="Curve()"/> returns in one array.</summary>
    public const int MaxCurvePoints = 1 << 24;

    /// <param name="involvedPorts">u: distinct ports (items) in the data, ≥ 1.</param>
    /// <param name="totalAccesses">t: port accesses in the data, ≥ ws.</param>
    /// <param name="windowSize">ws: accesses per window, ≥ 1.</param>
    public KnockParameterModel(long involvedPorts, long totalAccesses, int windowSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(involvedPorts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalAccesses, windowSize);
        InvolvedPorts = involvedPorts;
        TotalAccesses = totalAccesses;
        WindowSize = windowSize;
        Windows = totalAccesses / windowSize;
        LogPortAbsentProbability = windowSize * StableMath.Log1P(-1.0 / involvedPorts);
        PortInWindowProbability = -StableMath.ExpM1(LogPortAbsentProbability);
        PortAbsentProbability = Math.Exp(LogPortAbsentProbability);
        LogPortInWindowProbability = Math.Log(PortInWindowProbability);
    }

    /// <summary>u.</summary>
    public long InvolvedPorts { get; }

    /// <summary>t.</summary>
    public long TotalAccesses { get; }

    /// <summary>ws.</summary>
    public int WindowSize { get; }

    /// <summary>l = ⌊t / ws⌋.</summary>
    public long Windows { get; }

    /// <summary>p of eq. 7: a given background port is in a given window.</summary>
    public double PortInWindowProbability { get; }

    /// <summary>1 − p = (1 − 1/u)^ws, computed without cancellation.</summary>
    public double PortAbsentProbability { get; }

    /// <summary>log p.</summary>
    public double LogPortInWindowProbability { get; }

    /// <summary>log(1 − p) = ws · log1p(−1/u).</summary>
    public double LogPortAbsentProbability { get; }

    /// <summary>Mean of the binomial, l·p: the windows an average background port is in.</summary>
    public double MeanWindows => Windows * PortInWindowProbability;

    /// <summary>Standard deviation of the binomial, √(l p (1 − p)).</summary>
    public double StandardDeviationWindows => Math.Sqrt(Windows * PortInWindowProbability * PortAbsentProbability);

    /// <summary>Eq. 6: the support a knock sequence has when its number of activations is known.</summary>
    public static double SupportFromActivations(long activations, long windows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(activations);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        return activations / (double)windows;
    }

    /// <summary>Eq. 6 with this model's l.</summary>
    public double SupportFromActivations(long activations) => SupportFromActivations(activations, Windows);

    /// <summary>log p(x): log of the probability that a background port is in exactly <paramref name="windows"/> of the l windows.</summary>
    public double LogProbabilityOfWindows(long windows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windows, Windows);
        return Binomial.LogProbability(
            windows,
            Windows,
            PortInWindowProbability,
            PortAbsentProbability,
            LogPortInWindowProbability,
            LogPortAbsentProbability);
    }

    /// <summary>p(x) of eq. 8.</summary>
    public double ProbabilityOfWindows(long windows) => Math.Exp(LogProbabilityOfWindows(windows));

    /// <summary>The curve of Fig. 1: p(x) for x = 0..l (index x). Throws when l + 1 exceeds <see cref="MaxCurvePoints"/>.</summary>
    public double[] Curve()
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Windows + 1, MaxCurvePoints, nameof(Windows));
        return Curve(0, (int)Windows + 1);
    }

    /// <summary>p(x) for x = <paramref name="first"/> .. first + count − 1 (clipped to l).</summary>
    public double[] Curve(long first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var length = (int)Math.Max(0, Math.Min(count, Windows + 1 - first));
        var curve = new double[length];
        for (var i = 0; i < length; i++)
        {
            curve[i] = ProbabilityOfWindows(first + i);
        }

        return curve;
    }

    /// <summary>
    /// The window count where the curve rises fastest: the x in [0, l) maximising p(x + 1) − p(x), the left
    /// inflection of the bump around l·p. The paper's "gradient of the probability function": minSupp is to be chosen
    /// between 0 and this point. 0 when the curve never rises (its mode is 0).
    /// </summary>
    public long SteepestRiseWindows()
    {
        var mode = Mode();
        if (mode == 0)
        {
            return 0;
        }

        // p rises on [0, mode], so every rise left of `low` is below p(low); skip them when that is provably smaller
        // than the average rise over [low, mode], which the best rise is at least.
        var low = (long)Math.Max(0, Math.Floor(MeanWindows - (40 * StandardDeviationWindows) - 40));
        if (low > 0 && !(ProbabilityOfWindows(low) * (mode - low + 1) < ProbabilityOfWindows(mode) - ProbabilityOfWindows(low)))
        {
            low = 0;
        }

        var best = low;
        var bestRise = double.NegativeInfinity;
        var current = ProbabilityOfWindows(low);
        for (var x = low; x < mode; x++)
        {
            var next = ProbabilityOfWindows(x + 1);
            var rise = next - current;
            if (rise > bestRise)
            {
                bestRise = rise;
                best = x;
            }

            current = next;
        }

        return best;
    }

    /// <summary><see cref="SteepestRiseWindows"/> as a support (÷ l): the upper end of the paper's minSupp range.</summary>
    public double SteepestRiseSupport() => SteepestRiseWindows() / (double)Windows;

    /// <summary>
    /// A minSupp from the curve when the number of activations is unknown: the largest x/l in [0, steepest rise]
    /// such that a background port is in at most x windows with probability ≤ <paramref name="tailProbability"/>
    /// (Σ_{j ≤ x} p(j) ≤ tail). So at most that fraction of ordinary ports is mistaken for rare, while a knock port
    /// seen in fewer windows than that stays rare. 0 when even p(0) exceeds the tail.
    /// </summary>
    public double SuggestedMinSupport(double tailProbability = DefaultTailProbability)
    {
        if (!(tailProbability > 0 && tailProbability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(tailProbability), tailProbability, "Must be strictly between 0 and 1.");
        }

        var steepest = SteepestRiseWindows();

        // p(x)·(x + 1) grows on [0, mode] and bounds Σ_{j ≤ x} p(j) there: start where that bound is negligible.
        var negligible = tailProbability * 1e-12;
        long low = 0;
        long high = steepest;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (ProbabilityOfWindows(middle) * (middle + 1) <= negligible)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var cumulative = 0.0;
        long chosen = 0;
        for (var x = low; x <= steepest; x++)
        {
            cumulative += ProbabilityOfWindows(x);
            if (cumulative > tailProbability)
            {
                break;
            }

            chosen = x;
        }

        return chosen / (double)Windows;
    }

    /// <summary>The minInte values of a sweep: 0, step, 2·step, …, 1 (Table 2 uses 0.01 steps).</summary>
    public static double[] InterestThresholds(double step = 0.01)
    {
        if (!(step > 0 && step <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Must be in (0, 1].");
        }

        var count = (int)Math.Round(1 / step) + 1;
        var thresholds = new double[count];
        for (var i = 0; i < count; i++)
        {
            thresholds[i] = Math.Min(1, Math.Round(i * step, 12));
        }

        return thresholds;
    }

    /// <summary>The most likely window count, ⌊(l + 1) p⌋ capped at l.</summary>
    private long Mode() => (long)Math.Min(Windows, Math.Floor((Windows + 1) * PortInWindowProbability));
}
