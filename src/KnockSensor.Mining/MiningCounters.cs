namespace KnockSensor.Mining;

/// <summary>A snapshot of the miner's work and of the memory bounds it enforced.</summary>
/// <param name="Passes">Mining passes run (one per closed window, plus explicit <see cref="RareRuleMiner.Mine"/> calls and sweeps).</param>
/// <param name="WindowsSkipped">Window visits, summed over passes, whose candidate items exceeded
/// <see cref="MiningOptions.MaxCandidateItemsPerWindow"/> and so proposed no combinations.</param>
/// <param name="ItemsEvicted">Candidate items dropped from those windows, summed over passes.</param>
/// <param name="TruncatedPasses">Passes that stopped at <see cref="MiningOptions.MaxCandidateItemsets"/>.</param>
/// <param name="RulesDropped">Rules not kept because a pass reached <see cref="MiningOptions.MaxRules"/>, summed over passes.</param>
/// <param name="CandidatesEvaluated">Candidate itemsets evaluated, summed over passes.</param>
/// <param name="LastCandidates">Candidate itemsets in the last pass.</param>
/// <param name="PeakCandidates">Most candidate itemsets in any pass: the peak of the pair/k-itemset state.</param>
/// <param name="CandidateItems">Items that could be in a rule at the last pass: infrequent with support ≥ minInte.</param>
/// <param name="PeakWindowItems">Most candidate items listed for combination in any pass (≤ L × <see cref="MiningOptions.MaxCandidateItemsPerWindow"/>).</param>
/// <param name="PassesSkipped">Windows after which no pass was needed: nothing a rule depends on had changed.</param>
public readonly record struct MiningCounters(
    long Passes,
    long WindowsSkipped,
    long ItemsEvicted,
    long TruncatedPasses,
    long RulesDropped,
    long CandidatesEvaluated,
    int LastCandidates,
    int PeakCandidates,
    int CandidateItems,
    int PeakWindowItems,
    long PassesSkipped = 0);
