namespace KnockSensor.Evaluation;

/// <summary>The score of one event log against one truth.</summary>
public sealed record EvaluationReport
{
    public required string Profile { get; init; }

    public required IReadOnlyList<DoorScore> Doors { get; init; }

    public required OverallScore Overall { get; init; }

    /// <summary>The knocks that match no door, "knock 7 on 10.1.1.5: tcp/1 tcp/2".</summary>
    public required IReadOnlyList<string> FalseKnocks { get; init; }

    /// <summary>Scored rules that are correct for no door (up to <see cref="KnockScorer.ListLimit"/>).</summary>
    public required IReadOnlyList<string> WrongRules { get; init; }

    public required TargetChecks Targets { get; init; }
}
