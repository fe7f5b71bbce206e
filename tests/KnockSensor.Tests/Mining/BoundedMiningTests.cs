using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Mining;

/// <summary>
/// A vertical scan of everything (all 65536 ports of TCP, UDP and the whole ICMP plane) must not blow up the pair
/// state: the caps hold, and what they dropped is counted.
/// </summary>
public sealed class BoundedMiningTests
{
    private const int WindowSize = 1000;

    [Fact]
    public void Flood_with_default_thresholds_makes_no_candidate_items()
    {
        // Each flooded port is in one window of 64: support 1/64 is below minInte, so no flooded port can be in a kept itemset.
        var miner = new RareRuleMiner(new MiningOptions());
        var windows = Flood(miner, rounds: 1);
        var counters = miner.Counters;
        // Once the history is full, a window with no candidate item (coming or going) changes no rule: no pass.
        Assert.Equal(windows, counters.Passes + counters.PassesSkipped);
        Assert.True(counters.PassesSkipped > 0, "passes were skipped");
        Assert.Equal(0, counters.CandidateItems);
        Assert.Equal(0, counters.PeakCandidates);
        Assert.Empty(miner.Rules);
    }

    [Fact]
    public void Flood_windows_over_the_item_cap_are_skipped_and_counted()
    {
        // minInte = 0 (the paper's sweep start) makes every infrequent port a candidate: ~1000 per window > the cap of 256.
        var options = new MiningOptions { MinInterest = 0 };
        var miner = new RareRuleMiner(options);
        var windows = Flood(miner, rounds: 1);
        var counters = miner.Counters;
        Assert.True(counters.WindowsSkipped >= windows, $"skipped {counters.WindowsSkipped} of {windows} windows");
        Assert.True(counters.ItemsEvicted >= counters.WindowsSkipped * options.MaxCandidateItemsPerWindow);
        Assert.True(counters.PeakCandidates <= options.MaxCandidateItemsets);
        Assert.True(counters.PeakWindowItems <= options.HistoryLength * options.MaxCandidateItemsPerWindow);
        Assert.Empty(miner.Rules);

        // Steady state under the flood allocates nothing per window: no pair state is built at all.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var more = Flood(miner, rounds: 1);
        Assert.True(more > 190);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024, "flood windows allocate");
    }

    [Fact]
    public void Candidate_and_rule_caps_bound_a_pass_and_are_counted()
    {
        // A raised item cap lets each flood window through: 1000 items make ~500 000 pairs per window; the candidate cap stops that.
        var options = new MiningOptions
        {
            MinInterest = 0,
            MinConfidence = 0,
            MaxCandidateItemsPerWindow = 2000,
            MaxCandidateItemsets = 20_000,
            MaxRules = 1000,
        };
        var miner = new RareRuleMiner(options);
        var windows = Flood(miner, rounds: 1);
        var counters = miner.Counters;
        // The first three windows have nothing infrequent: one window in n ≤ 3 is a support above minSupp = 0.3.
        Assert.Equal(windows - 3, counters.TruncatedPasses);
        Assert.Equal(options.MaxCandidateItemsets, counters.PeakCandidates);
        Assert.Equal((long)(windows - 3) * options.MaxCandidateItemsets, counters.CandidatesEvaluated);
        Assert.True(counters.RulesDropped > 0);
        Assert.Equal(options.MaxRules, miner.Rules.Count);
        Assert.Equal(0, counters.WindowsSkipped);
        Assert.True(counters.PeakWindowItems <= options.HistoryLength * options.MaxCandidateItemsPerWindow);
    }

    [Fact]
    public void A_knock_still_gives_rules_in_windows_the_flood_does_not_touch()
    {
        var options = new MiningOptions { HistoryLength = 64, MinSupport = 0.3, MinInterest = 0.05, MinConfidence = 0.9 };
        var miner = new RareRuleMiner(options);
        var window = new PortWindow(WindowSize);
        var random = new Random(9);
        for (var w = 0; w < 64; w++)
        {
            window.Clear();
            if (w % 8 == 0)
            {
                foreach (var item in MiningStreams.Door)
                {
                    window.Add(item, w);
                }
            }

            // Half the windows are flood windows (every port once), the others ordinary traffic on a few busy services.
            for (var i = window.AccessCount; i < WindowSize; i++)
            {
                window.Add(w % 2 == 1 ? KnockItem.Create((ItemProtocol)(i % 3), random.Next(65536)) : KnockItem.Tcp((ushort)(80 + (i % 5))), i);
            }

            window.Sequence = w;
            miner.OnWindowClosed(window);
        }

        var doorRules = miner.Rules.Where(rule => rule.Antecedent.Concat(rule.Consequent).All(MiningStreams.Door.Contains)).ToList();
        Assert.Equal(MiningStreams.Door.Length * (MiningStreams.Door.Length - 1), doorRules.Count);
        Assert.All(doorRules, rule => Assert.Equal(8, rule.Windows));
    }

    private readonly KnockItem[] _everyItem = Enumerable.Range(0, KnockItem.Count).Select(value => new KnockItem(value)).ToArray();
    private readonly PortWindow _window = new(WindowSize);
    private readonly Random _random = new(1);

    /// <summary>Sends every port of every protocol plane once, in shuffled order, as windows of 1000 accesses. Returns the windows closed.</summary>
    private int Flood(RareRuleMiner miner, int rounds)
    {
        var items = _everyItem;
        var random = _random;
        var window = _window;
        var closed = 0;
        for (var round = 0; round < rounds; round++)
        {
            random.Shuffle(items);
            window.Clear();
            foreach (var item in items)
            {
                window.Add(item, 0);
                if (window.AccessCount == WindowSize)
                {
                    miner.OnWindowClosed(window);
                    window.Clear();
                    closed++;
                }
            }
        }

        return closed;
    }
}
