namespace KnockSensor.Mining;

/// <summary>One row of the paper's Table 2: how many rules survive a given minInte.</summary>
public readonly record struct InterestSweepPoint(double MinInterest, int Rules);
