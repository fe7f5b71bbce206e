namespace KnockSensor.Evaluation;

/// <summary>What an event log says, reduced to what the score needs.</summary>
public sealed record DetectorEvents
{
    /// <summary>Distinct pair rules, in order of first appearance.</summary>
    public required IReadOnlyList<FoundRule> Rules { get; init; }

    /// <summary>The final state of every knock id, in order of first appearance.</summary>
    public required IReadOnlyList<FoundKnock> Knocks { get; init; }

    /// <summary>Rules with a list on either side (k-itemsets beyond pairs): outside the paper's pair metric.</summary>
    public int ItemsetRules { get; init; }

    /// <summary>Pair rule events repeating a (dest_ip, antecedent, consequent) already seen, against the contract.</summary>
    public int DuplicateRuleEvents { get; init; }

    /// <summary>All <c>knock</c> events, updates included.</summary>
    public int KnockEvents { get; init; }

    /// <summary>Events of other types (stats, port anomalies…), skipped.</summary>
    public int OtherEvents { get; init; }
}
