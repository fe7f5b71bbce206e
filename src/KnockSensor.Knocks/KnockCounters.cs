namespace KnockSensor.Knocks;

/// <summary>A snapshot of what the knock stage did.</summary>
/// <param name="RulesReported">Distinct rules reported (tied to a host, or any rule when hosts are not required).</param>
/// <param name="RulesWithoutHost">Rule evaluations (per window) that no single destination host carried.</param>
/// <param name="RulesNotAttributed">Rule evaluations skipped because a window reached the attribution caps (rules or work).</param>
/// <param name="Knocks">Knock sequences tracked.</param>
/// <param name="KnocksDropped">Knocks not tracked because <see cref="KnockDetectorOptions.MaxKnocks"/> was reached.</param>
/// <param name="Activations">Knock activations counted over all knocks.</param>
/// <param name="SweptHostRejections">Rule evaluations rejected because their host was swept by many distinct items.</param>
/// <param name="OversizedComponents">Components of host-tied rules with more items than a door may have, not tracked.</param>
public readonly record struct KnockCounters(
    long RulesReported,
    long RulesWithoutHost,
    long RulesNotAttributed,
    int Knocks,
    long KnocksDropped,
    long Activations,
    long SweptHostRejections,
    long OversizedComponents);
