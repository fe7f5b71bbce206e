namespace KnockSensor.Evaluation;

/// <summary>The part of a <c>knocksensor-gen --truth</c> file the evaluation needs: the profile and its doors.</summary>
public sealed record EvaluationTruth(string Profile, IReadOnlyList<TruthDoor> Doors)
{
    /// <summary>Whether any door knocks with ICMP; if none does, rules with an ICMP side are left out of the score.</summary>
    public bool HasIcmpItems => Doors.Any(door => door.Sequence.Any(item => item.IsIcmp) || door.ShellPort is { IsIcmp: true });
}
