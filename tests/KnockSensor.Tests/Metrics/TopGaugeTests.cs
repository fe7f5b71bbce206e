using KnockSensor.Metrics;
using Prometheus;

namespace KnockSensor.Tests.Metrics;

/// <summary>The top-N gauges never publish more than N series, however many holders pass through, and drop stale ones.</summary>
public sealed class TopGaugeTests
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _gauge;

    public TopGaugeTests() => _gauge = Prometheus.Metrics.WithCustomRegistry(_registry).CreateGauge("test_top", "top-N under test", "rank", "item");

    [Fact]
    public void A_thousand_changing_lists_leave_at_most_N_series_naming_only_the_current_holders()
    {
        var top = new TopGauge<int>(_gauge, capacity: 5, EqualityComparer<int>.Default, static item => [$"item{item}"]);
        var random = new Random(7);
        List<int> current = [];
        for (var round = 0; round < 1000; round++)
        {
            // A fresh list of 0..8 distinct holders drawn from 10,000: most rounds bring holders never seen before.
            current = [.. Enumerable.Range(0, random.Next(0, 9)).Select(_ => random.Next(10_000)).Distinct()];
            var count = Math.Min(current.Count, top.Capacity);
            for (var rank = 0; rank < count; rank++)
            {
                top.Set(rank, current[rank], 1000 - rank);
            }

            top.Truncate(count);
            Assert.True(Exposition.Series(Exposition.Scrape(_registry), "test_top").Count <= 5);
        }

        var expected = current.Take(5).Select((item, rank) => ($"test_top{{rank=\"{rank + 1}\",item=\"item{item}\"}}", 1000.0 - rank)).ToDictionary(static p => p.Item1, static p => p.Item2);
        Assert.Equal(expected, Exposition.Series(Exposition.Scrape(_registry), "test_top"));
        Assert.Equal(expected.Count, top.Count);
    }

    [Fact]
    public void A_rank_that_changes_hands_drops_the_old_series_and_a_steady_rank_keeps_its_child()
    {
        var labelled = 0;
        var top = new TopGauge<string>(_gauge, capacity: 3, StringComparer.Ordinal, item =>
        {
            labelled++;
            return [item];
        });
        top.Set(0, "a", 3);
        top.Set(1, "b", 2);
        top.Set(0, "a", 4);
        top.Set(1, "c", 1);
        top.Truncate(2);

        Assert.Equal(
            new Dictionary<string, double> { ["test_top{rank=\"1\",item=\"a\"}"] = 4, ["test_top{rank=\"2\",item=\"c\"}"] = 1 },
            Exposition.Series(Exposition.Scrape(_registry), "test_top"));

        // Labels were built for a, b and c once each: "a" staying at rank 1 did not build them again.
        Assert.Equal(3, labelled);

        top.Truncate(0);
        Assert.Empty(Exposition.Series(Exposition.Scrape(_registry), "test_top"));
        Assert.Equal(0, top.Count);
    }
}
