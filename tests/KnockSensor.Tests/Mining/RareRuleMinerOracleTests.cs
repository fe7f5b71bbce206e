using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Mining;

/// <summary>
/// After every closed window the online miner's rules equal those of <see cref="BatchRareRuleMiner"/> (Algorithm 1 as
/// written) over the same last L windows: the same rule set, and the same support, CPIR, interest and lift.
/// </summary>
public sealed class RareRuleMinerOracleTests
{
    private const double Tolerance = 1e-12;

    private static readonly Dictionary<string, Scenario> ScenarioTable = new()
    {
        ["pairs, knocks, L=20"] = new(1, 30, 20, 200, 0.3, true, 0.05, 0.9, 2, 0.004, 150),
        ["pairs, random, L=70 (2 row words), below minSupp"] = new(2, 25, 70, 120, 0.25, false, 0.03, 0.8, 2, 0.0, 160),
        ["triples, knocks"] = new(3, 12, 16, 60, 0.4, true, 0.1, 0.6, 3, 0.01, 100),
        ["4-itemsets, knocks"] = new(4, 10, 12, 40, 0.5, true, 0.08, 0.5, 4, 0.01, 80),
        ["pairs, knocks, L=130 (3 row words)"] = new(5, 20, 130, 300, 0.2, true, 0.02, 0.9, 2, 0.003, 220),
        ["boundary at most, minSupp = 5/20"] = new(6, 20, 20, 100, 0.25, true, 0.04, 0.9, 2, 0.005, 120),
        ["boundary below, minSupp = 5/20"] = new(6, 20, 20, 100, 0.25, false, 0.04, 0.9, 2, 0.005, 120),
        ["triples, minInte = 0"] = new(7, 10, 10, 30, 0.3, true, 0.0, 0.9, 3, 0.01, 60),
        ["minSupp = 1, minConf = 0"] = new(8, 16, 64, 80, 1.0, true, 0.05, 0.0, 2, 0.01, 90),
    };

    public static TheoryData<string> Scenarios => new(ScenarioTable.Keys);

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Online_rules_equal_batch_rules_after_every_window(string scenario)
    {
        var (seed, windowSize, historyLength, universe, minSupport, atMost, minInterest, minConfidence, maxItemsetSize, knockRate, windowCount) =
            ScenarioTable[scenario];
        var accesses = MiningStreams.Accesses(seed, windowSize * windowCount, universe, knockRate);
        var windows = MiningStreams.Chunk(accesses, windowSize);
        var miner = new RareRuleMiner(new MiningOptions
        {
            HistoryLength = historyLength,
            MinSupport = minSupport,
            Boundary = atMost ? SupportBoundary.AtMost : SupportBoundary.Below,
            MinInterest = minInterest,
            MinConfidence = minConfidence,
            MaxItemsetSize = maxItemsetSize,
        });

        var rulesSeen = 0;
        var doorRulesSeen = 0;
        var checkedWindows = 0;
        MiningStreams.Feed(accesses, windowSize, miner, index =>
        {
            var history = MiningStreams.History(windows, index, historyLength);
            var expected = BatchRareRuleMiner.Mine(history, minSupport, atMost, minInterest, minConfidence, maxItemsetSize);
            AssertSameRules(expected, miner.Rules, $"window {index}");
            Assert.Equal(history.Count, miner.History.Count);
            rulesSeen += expected.Count;
            doorRulesSeen += expected.Count(rule => rule.Antecedent.Concat(rule.Consequent).All(MiningStreams.Door.Contains));
            checkedWindows++;

            // A sweep (minInte = 0) and an explicit Mine in between must not disturb the online state.
            if (index % 29 == 28)
            {
                miner.SweepMinInterest([0.0, 0.1]);
                AssertSameRules(expected, miner.Mine(), $"Mine() after a sweep at window {index}");
            }
        });

        Assert.Equal(windowCount, checkedWindows);
        var counters = miner.Counters;
        Assert.Equal(0, counters.WindowsSkipped + counters.TruncatedPasses + counters.RulesDropped);
        Assert.True(rulesSeen >= 20, $"only {rulesSeen} rules over the stream: the comparison proves little");
        if (knockRate > 0)
        {
            Assert.True(doorRulesSeen > 0, "the injected door produced no rule");
        }
    }

    [Fact]
    public void Sweep_matches_mining_at_each_threshold_and_is_monotone()
    {
        const int WindowSize = 20;
        const int HistoryLength = 30;
        var accesses = MiningStreams.Accesses(21, WindowSize * 45, 80, 0.006);
        var windows = MiningStreams.Chunk(accesses, WindowSize);
        var options = new MiningOptions { HistoryLength = HistoryLength, MinSupport = 0.3, MinInterest = 0.17, MinConfidence = 0.5 };
        var miner = new RareRuleMiner(options);
        MiningStreams.Feed(accesses, WindowSize, miner);
        var thresholds = KnockParameterModel.InterestThresholds(0.02);
        var sweep = miner.SweepMinInterest(thresholds);

        var history = MiningStreams.History(windows, windows.Count - 1, HistoryLength);
        Assert.Equal(thresholds.Length, sweep.Count);
        for (var t = 0; t < thresholds.Length; t++)
        {
            Assert.Equal(thresholds[t], sweep[t].MinInterest);
            var batch = BatchRareRuleMiner.Mine(history, 0.3, true, thresholds[t], 0.5, 2);
            Assert.Equal(batch.Count, sweep[t].Rules);
            if (t > 0)
            {
                Assert.True(sweep[t].Rules <= sweep[t - 1].Rules, $"rules rose from {sweep[t - 1].Rules} to {sweep[t].Rules} at minInte {thresholds[t]}");
            }
        }

        var atConfigured = new RareRuleMiner(options with { MinInterest = 0.1 });
        MiningStreams.Feed(accesses, WindowSize, atConfigured);
        Assert.Equal(sweep[Array.IndexOf(thresholds, 0.1)].Rules, atConfigured.Rules.Count);
        Assert.True(sweep[0].Rules > sweep[^1].Rules, "the sweep should drop rules somewhere between 0 and 1");
    }

    [Fact]
    public void History_supports_are_exact_as_windows_leave()
    {
        var random = new Random(5);
        const int Length = 100;
        var history = new WindowHistory(Length);
        var window = new PortWindow(64);
        var added = new List<HashSet<KnockItem>>();
        for (var w = 0; w < 260; w++)
        {
            var items = new HashSet<KnockItem>();
            window.Clear();
            for (var i = 0; i < 40; i++)
            {
                var item = KnockItem.Create((ItemProtocol)random.Next(3), random.Next(50));
                items.Add(item);
                window.Add(item, i);
            }

            history.Add(window);
            added.Add(items);
            var held = added.TakeLast(Length).ToList();
            Assert.Equal(held.Count, history.Count);
            for (var value = 0; value < 3 * 65536; value += value % 65536 == 49 ? 65536 - 49 : 1)
            {
                var item = new KnockItem(value);
                Assert.Equal(held.Count(set => set.Contains(item)), history.WindowCount(item));
            }

            // supp(X ∪ Y) as popcount(row AND row) equals a recount, for a few pairs.
            for (var p = 0; p < 10; p++)
            {
                var a = KnockItem.Create((ItemProtocol)random.Next(3), random.Next(50));
                var b = KnockItem.Create((ItemProtocol)random.Next(3), random.Next(50));
                Assert.Equal(
                    held.Count(set => set.Contains(a) && set.Contains(b)),
                    MembershipBits.AndPopCount(history.Membership(a), history.Membership(b)));
            }

            // Ages map to the windows in order, newest first.
            for (var age = 0; age < held.Count; age++)
            {
                Assert.True(held[^(age + 1)].SetEquals(history.SlotItems(history.SlotOfAge(age)).ToArray()));
            }
        }
    }

    private static void AssertSameRules(List<BatchRule> expected, IReadOnlyList<KnockRule> actual, string context)
    {
        var expectedByKey = expected.ToDictionary(rule => rule.Key);
        var actualByKey = actual.ToDictionary(rule => $"{string.Join(",", rule.Antecedent)}=>{string.Join(",", rule.Consequent)}");
        var missing = expectedByKey.Keys.Except(actualByKey.Keys).ToList();
        var extra = actualByKey.Keys.Except(expectedByKey.Keys).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{context}: missing [{string.Join("; ", missing.Take(5))}] extra [{string.Join("; ", extra.Take(5))}]");
        foreach (var (key, rule) in expectedByKey)
        {
            var online = actualByKey[key];
            Assert.True(Math.Abs(rule.Support - online.Support) <= Tolerance, $"{context} {key}: support {online.Support} vs {rule.Support}");
            Assert.True(Math.Abs(rule.Cpir - online.Confidence) <= Tolerance, $"{context} {key}: cpir {online.Confidence} vs {rule.Cpir}");
            Assert.True(Math.Abs(rule.Interest - online.Interest) <= Tolerance, $"{context} {key}: interest {online.Interest} vs {rule.Interest}");
            Assert.True(Math.Abs(rule.Lift - online.Lift) <= Tolerance, $"{context} {key}: lift {online.Lift} vs {rule.Lift}");
            Assert.Equal(online.HistoryWindows * online.Support, online.Windows, 9);
        }

        for (var i = 1; i < actual.Count; i++)
        {
            Assert.True(KnockRule.CompareByItems(actual[i - 1], actual[i]) < 0, $"{context}: rules out of order");
        }
    }

    private sealed record Scenario(
        int Seed,
        int WindowSize,
        int HistoryLength,
        int Universe,
        double MinSupport,
        bool AtMost,
        double MinInterest,
        double MinConfidence,
        int MaxItemsetSize,
        double KnockRate,
        int WindowCount);
}
