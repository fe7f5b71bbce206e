namespace KnockSensor.Knocks;

/// <summary>Receives the knock stage's findings as they happen, on the windowing thread.</summary>
public interface IKnockObserver
{
    /// <summary>A rule is reported for the first time.</summary>
    void OnRule(ReportedRule rule);

    /// <summary>A knock was assembled for the first time, or changed (activations, sequence, shell port, sources).</summary>
    void OnKnock(KnockSequence knock);
}
