namespace KnockSensor.Quiescent;

/// <summary>The seed's verdict on a deviation (docs/quiescent.md, "Verdicts").</summary>
public enum AnomalyClassification
{
    /// <summary>More flows without more hosts: one or two hosts hammering the port ("localized activity, possibly still a threat").</summary>
    Localized,

    /// <summary>More flows and more hosts, intermittent: widespread horizontal scanning.</summary>
    HorizontalScan,

    /// <summary>More flows and more hosts, persistent over <see cref="QuiescentOptions.PersistentBins"/> consecutive bins: possible worm.</summary>
    Worm,
}
