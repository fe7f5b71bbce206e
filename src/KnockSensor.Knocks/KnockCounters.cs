namespace KnockSensor.Knocks;

/// <summary>A snapshot of what the knock stage did.</summary>
/// <param name="RulesReported">Distinct rules reported (tied to a host, or any rule when hosts are not required).</param>
/// <param name="RulesWithoutHost">Rule evaluations (per window) that no single destination host carried.</param>
/// <param name="RulesNotAttributed">Rule evaluations skipped because a window had more rules than the attribution cap.</param>
/// <param name="Knocks">Knock sequences tracked.</param>
/// <param name="KnocksDropped">Knocks not tracked because <see cref="KnockDetectorOptions.MaxKnocks"/> was reached.</param>
/// <param name="Activations">Knock activations counted over all knocks.</param>
public readonly record struct KnockCounters(
    long RulesReported,
    long RulesWithoutHost,
    long RulesNotAttributed,
    int Knocks,
    long KnocksDropped,
    long Activations);
