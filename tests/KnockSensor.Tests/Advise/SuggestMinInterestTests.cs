using KnockSensor.Advise;
using KnockSensor.Mining;

namespace KnockSensor.Tests.Advise;

/// <summary>The minInte suggestion on the paper's own Table 2 (Hommes, State &amp; Engel 2012).</summary>
public sealed class SuggestMinInterestTests
{
    private static readonly double[] Thresholds = [0.00, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35];

    [Fact]
    public void Dataset_1_lands_on_the_last_plateau_next_to_the_papers_choice()
    {
        int[] rules = [10437, 10437, 10437, 10437, 10437, 10437, 1586, 1586, 1586, 1586, 1586, 205, 16, 14, 0, 0];
        Assert.Equal(0.20, AdviseCommand.SuggestMinInterest(Sweep(rules)));
    }

    [Fact]
    public void Dataset_2_lands_on_the_last_plateau_next_to_the_papers_choice()
    {
        int[] rules = [12847, 12847, 1639, 1639, 287, 287, 14, 14, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(0.06, AdviseCommand.SuggestMinInterest(Sweep(rules)));
    }

    [Fact]
    public void No_rules_at_any_threshold_gives_no_suggestion()
    {
        Assert.Null(AdviseCommand.SuggestMinInterest(Sweep(new int[Thresholds.Length])));
    }

    private static InterestSweepPoint[] Sweep(int[] rules) => [.. Thresholds.Zip(rules, static (t, r) => new InterestSweepPoint(t, r))];
}
