namespace KnockSensor.Evaluation;

/// <summary>
/// Issue 3's quality bar, checked: rule recall and precision at least 0.95 (when the truth has doors), every door
/// found in order, and no knock event that matches no door (which on a knock-free capture means no knock at all).
/// </summary>
public sealed record TargetChecks
{
    public const double MinRecall = 0.95;
    public const double MinPrecision = 0.95;

    public bool RecallMet { get; init; }

    public bool PrecisionMet { get; init; }

    public bool DoorsMet { get; init; }

    public bool NoFalseKnocks { get; init; }

    public bool Met => RecallMet && PrecisionMet && DoorsMet && NoFalseKnocks;

    /// <summary>The checks that failed, in words; empty when all are met.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];
}
