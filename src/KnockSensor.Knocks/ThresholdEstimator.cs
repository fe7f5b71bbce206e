using KnockSensor.Mining;

namespace KnockSensor.Knocks;

/// <summary>
/// The automatic thresholds: minSupp from the paper's binomial model of the traffic (eq. 7–8), minInte from the
/// fewest activations a door must have to be found.
/// </summary>
/// <remarks>
/// <para>
/// minSupp: <see cref="KnockParameterModel.SuggestedMinSupport"/> for u = distinct items and l = n windows in the
/// history (the largest support, below the curve's steepest rise, that at most 1 % of background items fall under),
/// raised to <c>MinActivations / n</c> when lower, because a door knocked that often must still be infrequent (eq. 6),
/// and capped at <see cref="MaxMinSupport"/>.
/// </para>
/// <para>
/// minInte: for a pair whose items have window counts a ≤ b with a co-occurrences, the interest is
/// a/n − ab/n² ≥ (a/n)(1 − minSupp) when the other item is still infrequent (b ≤ minSupp·n). So
/// minInte = (A/n)(1 − minSupp) keeps every door knocked at least A = MinActivations times and prunes any pair that
/// co-occurred fewer times. Both follow the traffic as n, u and the volume change.
/// </para>
/// </remarks>
public static class ThresholdEstimator
{
    /// <summary>
    /// The automatic minSupp never exceeds it: an item in more than half of the windows is not rare by any reading, and
    /// with minInte it means nothing is reported until the history holds 2 × MinActivations windows.
    /// </summary>
    public const double MaxMinSupport = 0.5;

    public static double MinSupport(long distinctItems, int windows, int windowSize, int minActivations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        var floor = minActivations / (double)windows;
        var suggested = distinctItems < 1 ? 0 : new KnockParameterModel(distinctItems, (long)windows * windowSize, windowSize).SuggestedMinSupport();
        var support = Math.Min(MaxMinSupport, Math.Max(suggested, floor));

        // Supports are window counts over n, so only c/n values mean anything: settling on one keeps the thresholds
        // (and minInte, derived from it) unchanged from window to window until the count itself moves, which lets the
        // miner skip passes that cannot change the rules.
        return Math.Floor((support * windows) + 1e-9) / windows;
    }

    public static double MinInterest(int windows, int minActivations, double minSupport)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windows, 1);
        var interest = minActivations / (double)windows * (1 - minSupport);

        // A hair below the exact value so that rounding in the miner's own interest never drops a pair sitting on it.
        return Math.Clamp(interest * (1 - 1e-9), 0, 1);
    }
}
