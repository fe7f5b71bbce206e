namespace KnockSensor.Mining;

/// <summary>Thresholds and memory bounds of <see cref="RareRuleMiner"/>. Thresholds default to the paper's dataset-1 values.</summary>
public sealed record MiningOptions
{
    /// <summary>Longest history: membership rows cost 3 × 65536 × ⌈L/64⌉ × 8 bytes (1.5 MiB per 64 windows).</summary>
    public const int MaxHistoryLength = 1024;

    /// <summary>Largest itemset size the miner accepts: 2^k subset supports are computed per candidate.</summary>
    public const int MaxItemsetSizeLimit = 6;

    /// <summary>Windows in the sliding history (L); supports are fractions of the windows currently held (≤ L).</summary>
    public int HistoryLength { get; init; } = 64;

    /// <summary>minSupp: a 1-itemset is infrequent (a knock candidate) at or below it, see <see cref="Boundary"/>.</summary>
    public double MinSupport { get; init; } = 0.3;

    /// <summary>
    /// Which side of minSupp an item exactly at the threshold falls on. Default <see cref="SupportBoundary.AtMost"/>
    /// (supp ≤ minSupp is infrequent): with the paper's eq. 6 a door knocked exactly minSupp·l times must still count.
    /// </summary>
    public SupportBoundary Boundary { get; init; } = SupportBoundary.AtMost;

    /// <summary>minInte: an itemset is kept when Wu's interest |supp(X∪Y) − supp(X)supp(Y)| ≥ it for every split.</summary>
    public double MinInterest { get; init; } = 0.17;

    /// <summary>minConf: a rule X ⇒ Y is reported when CPIR(Y|X) ≥ it (and the lift is above 1).</summary>
    public double MinConfidence { get; init; } = 0.9;

    /// <summary>Largest itemset mined, 2 (pairs, the default and what the paper evaluates) to <see cref="MaxItemsetSizeLimit"/>.</summary>
    public int MaxItemsetSize { get; init; } = 2;

    /// <summary>
    /// Memory bound 1: a window holding more candidate items than this (infrequent items whose support can reach
    /// minInte: a vertical scan, a flood of random ports) proposes no combinations, since m items would give
    /// m(m−1)/2 pairs. Its items still count in every support. Counted in <see cref="MiningCounters.WindowsSkipped"/>
    /// and <see cref="MiningCounters.ItemsEvicted"/>.
    /// </summary>
    public int MaxCandidateItemsPerWindow { get; init; } = 256;

    /// <summary>
    /// Memory bound 2: at most this many candidate itemsets are evaluated per mining pass; the rest are dropped and the
    /// pass is counted in <see cref="MiningCounters.TruncatedPasses"/>.
    /// </summary>
    public int MaxCandidateItemsets { get; init; } = 1 << 16;

    /// <summary>Memory bound 3: at most this many rules are kept per pass; the rest are counted in <see cref="MiningCounters.RulesDropped"/>.</summary>
    public int MaxRules { get; init; } = 1 << 14;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is unusable.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(HistoryLength, 1, nameof(HistoryLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistoryLength, MaxHistoryLength, nameof(HistoryLength));
        ThrowIfNotFraction(MinSupport, nameof(MinSupport));
        ThrowIfNotFraction(MinInterest, nameof(MinInterest));
        if (double.IsNaN(MinConfidence))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "Must be a number.");
        }

        if (!Enum.IsDefined(Boundary))
        {
            throw new ArgumentOutOfRangeException(nameof(Boundary), Boundary, "Unknown support boundary.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxItemsetSize, 2, nameof(MaxItemsetSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxItemsetSize, MaxItemsetSizeLimit, nameof(MaxItemsetSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidateItemsPerWindow, 2, nameof(MaxCandidateItemsPerWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxCandidateItemsets, 1, nameof(MaxCandidateItemsets));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRules, 1, nameof(MaxRules));
    }

    private static void ThrowIfNotFraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be between 0 and 1.");
        }
    }
}
