namespace KnockSensor.Evaluation;

/// <summary>The whole run: the paper's recall and precision over all doors, and the knock-level counts.</summary>
public sealed record OverallScore
{
    /// <summary>Σ n(n−1) over the doors.</summary>
    public int Pairs { get; init; }

    public int PairsFound { get; init; }

    /// <summary>Null when the truth has no doors.</summary>
    public double? Recall { get; init; }

    /// <summary>The paper's own count, the shell port taken as an item of its door (see <see cref="DoorScore.PairsWithShell"/>).</summary>
    public int PairsWithShell { get; init; }

    public int PairsWithShellFound { get; init; }

    public double? RecallWithShell { get; init; }

    /// <summary>Distinct pair rules scored (ICMP rules left out when the truth has no ICMP items).</summary>
    public int Rules { get; init; }

    /// <summary>Rules whose two sides are items of one door and whose dest_ip is that door's target or absent.</summary>
    public int CorrectRules { get; init; }

    /// <summary>Null when no rule was found.</summary>
    public double? Precision { get; init; }

    /// <summary>Rules with no dest_ip, all of them, and how many of those were correct.</summary>
    public int HostlessRules { get; init; }

    public int HostlessCorrectRules { get; init; }

    public int IcmpRulesIgnored { get; init; }

    /// <summary>Rules over itemsets larger than one item on a side, outside the pair metric.</summary>
    public int ItemsetRules { get; init; }

    public int DuplicateRuleEvents { get; init; }

    /// <summary>All knock events, updates included.</summary>
    public int KnockEvents { get; init; }

    /// <summary>Distinct knock ids.</summary>
    public int Knocks { get; init; }

    public int Doors { get; init; }

    public int DoorsFound { get; init; }

    /// <summary>Knocks (final state) that match no door.</summary>
    public int FalseKnocks { get; init; }

    /// <summary>Further knocks matching a door already found (one door reported as several knocks).</summary>
    public int DuplicateKnocks { get; init; }
}
