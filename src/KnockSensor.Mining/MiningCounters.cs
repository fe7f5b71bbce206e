namespace KnockSensor.Mining;

/// <summary>A snapshot of the miner's work and of the memory bounds it enforced.</summary>
/// <param name="Passes">Mining passes run (one per closed window, plus explicit calls and sweeps).</param>
/// <param name="WindowsSkipped">Window visits, summed over passes, whose infrequent items exceeded
/// <see cref="MiningOptions.MaxInfrequentItemsPerWindow"/> and so generated no combinations.</param>
/// <param name="TruncatedPasses">Passes that stopped at <see cref="MiningOptions.MaxCandidateItemsets"/>.</param>
/// <param name="CandidatesEvaluated">Candidate itemsets evaluated, summed over passes.</param>
/// <param name="LastCandidates">Candidate itemsets in the last pass.</param>
/// <param name="PeakCandidates">Most candidate itemsets in any pass: the peak of the pair/triple state.</param>
public readonly record struct MiningCounters(
    long Passes,
    long WindowsSkipped,
    long TruncatedPasses,
    long CandidatesEvaluated,
    int LastCandidates,
    int PeakCandidates);
