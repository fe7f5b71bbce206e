using KnockSensor.Knocks;

namespace KnockSensor.Output;

/// <summary>Writes the knock stage's findings to the event log as they happen (nothing when there is no log).</summary>
public sealed class KnockEventWriter(EventLog? log) : IKnockObserver
{
    public void OnRule(ReportedRule rule)
    {
        if (log is not null)
        {
            KnockRuleEvent.Write(log, rule);
        }
    }

    public void OnKnock(KnockSequence knock)
    {
        if (log is not null)
        {
            KnockEvent.Write(log, knock);
        }
    }
}
