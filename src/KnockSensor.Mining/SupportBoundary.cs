namespace KnockSensor.Mining;

/// <summary>
/// Where the minimum support sits for 1-itemsets. Algorithm 1 calls an item "infrequent" against minSupp without
/// saying whether the boundary belongs to the rare side, so the choice is explicit.
/// </summary>
public enum SupportBoundary : byte
{
    /// <summary>Infrequent when supp(i) ≤ minSupp (default: an item exactly at the threshold is still rare).</summary>
    AtMost = 0,

    /// <summary>Infrequent when supp(i) &lt; minSupp.</summary>
    Below = 1,
}
