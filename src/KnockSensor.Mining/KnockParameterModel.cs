namespace KnockSensor.Mining;

/// <summary>
/// Section 5.1 of the paper: how often a port that carries only background traffic lands in a window, and the
/// thresholds that follow from it.
/// </summary>
/// <remarks>
/// With u involved ports, t accesses and windows of ws accesses there are l = ⌊t / ws⌋ complete windows (the
/// miner only ever sees complete windows). A port drawn uniformly among u is in a given window with probability
/// p = 1 − (1 − 1/u)^ws (eq. 7), and in exactly x of the l windows with the binomial probability
/// p(x) = C(l, x) p^x (1 − p)^(l − x) (eq. 8). Everything is computed in log space: log(1 − p) = ws · log1p(−1/u)
/// has no cancellation, p = −expm1 of it, and log C(l, x) comes from a table of cumulative log sums
/// log k! = Σ log i (compensated summation), so p(x) stays accurate for l in the tens of thousands where the
/// factorials and powers themselves overflow or underflow.
/// </remarks>
public sealed class KnockParameterModel
{
    /// <summary>Default tail probability of <see cref="SuggestedMinSupport"/>.</summary>
    public const double DefaultTailProbability = 0.01;

    private double[]? _logFactorial;

    /// <param name="involvedPorts">u: distinct ports (items) in the data, ≥ 1.</param>
    /// <param name="totalAccesses">t: port accesses in the data, ≥ ws.</param>
    /// <param name="windowSize">ws: accesses per window, ≥ 1.</param>
    public KnockParameterModel(long involvedPorts, long totalAccesses, int windowSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(involvedPorts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalAccesses, windowSize);
        var windows = totalAccesses / windowSize;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windows, Array.MaxLength - 1L, nameof(totalAccesses));
        InvolvedPorts = involvedPorts;
        TotalAccesses = totalAccesses;
        WindowSize = windowSize;
        Windows = (int)windows;
        LogPortAbsentProbability = windowSize * StableMath.Log1P(-1.0 / involvedPorts);
        PortInWindowProbability = -StableMath.ExpM1(LogPortAbsentProbability);
        LogPortInWindowProbability = Math.Log(PortInWindowProbability);
    }

    /// <summary>u.</summary>
    public long InvolvedPorts { get; }

    /// <summary>t.</summary>
    public long TotalAccesses { get; }

    /// <summary>ws.</summary>
    public int WindowSize { get; }

    /// <summary>l = ⌊t / ws⌋.</summary>
    public int Windows { get; }

    /// <summary>p of eq. 7: a given background port is in a given window.</summary>
    public double PortInWindowProbability { get; }

    /// <summary>log p.</summary>
    public double LogPortInWindowProbability { get; }

    /// <summary>log(1 − p) = ws · log1p(−1/u).</summary>
    public double LogPortAbsentProbability { get; }

    /// <summary>Eq. 6: the support a knock sequence has when its number of activations is known.</summary>
    public static double SupportFromActivations(int activations, int windows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(activations);
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        return activations / (double)windows;
    }

    /// <summary>Eq. 6 with this model's l.</summary>
    public double SupportFromActivations(int activations) => SupportFromActivations(activations, Windows);

    /// <summary>log p(x): log of the probability that a background port is in exactly <paramref name="windows"/> of the l windows.</summary>
    public double LogProbabilityOfWindows(int windows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(windows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windows, Windows);
        var logFactorial = LogFactorials();
        var logChoose = logFactorial[Windows] - logFactorial[windows] - logFactorial[Windows - windows];
        return logChoose
            + StableMath.XLogY(windows, LogPortInWindowProbability)
            + StableMath.XLogY(Windows - windows, LogPortAbsentProbability);
    }

    /// <summary>p(x) of eq. 8.</summary>
    public double ProbabilityOfWindows(int windows) => Math.Exp(LogProbabilityOfWindows(windows));

    /// <summary>The curve of Fig. 1: p(x) for x = 0..l (index x).</summary>
    public double[] Curve()
    {
        var curve = new double[Windows + 1];
        for (var x = 0; x <= Windows; x++)
        {
            curve[x] = ProbabilityOfWindows(x);
        }

        return curve;
    }

    /// <summary>
    /// The window count where the curve rises fastest: the x in [0, l) maximising p(x + 1) − p(x), the left
    /// inflection of the bump around l·p. The paper's "gradient of the probability function": minSupp is to be chosen
    /// between 0 and this point.
    /// </summary>
    public int SteepestRiseWindows()
    {
        if (Windows == 0)
        {
            return 0;
        }

        var best = 0;
        var bestRise = double.NegativeInfinity;
        var current = ProbabilityOfWindows(0);
        for (var x = 0; x < Windows; x++)
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
    public double SteepestRiseSupport() => Windows == 0 ? 0 : SteepestRiseWindows() / (double)Windows;

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
        var cumulative = 0.0;
        var chosen = 0;
        for (var x = 0; x <= steepest; x++)
        {
            cumulative += ProbabilityOfWindows(x);
            if (cumulative > tailProbability)
            {
                break;
            }

            chosen = x;
        }

        return Windows == 0 ? 0 : chosen / (double)Windows;
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

    private double[] LogFactorials()
    {
        if (_logFactorial is { } table)
        {
            return table;
        }

        // Neumaier-compensated running sum: plain summation would drift by up to l ulps of the total (≈ 3e-6 at
        // l = 50 000), the compensated one stays within a few ulps.
        table = new double[Windows + 1];
        var sum = 0.0;
        var compensation = 0.0;
        for (var k = 2; k <= Windows; k++)
        {
            var term = Math.Log(k);
            var next = sum + term;
            compensation += Math.Abs(sum) >= Math.Abs(term) ? (sum - next) + term : (term - next) + sum;
            sum = next;
            table[k] = sum + compensation;
        }

        _logFactorial = table;
        return table;
    }
}
