using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

public sealed class RobustCorrelationTests
{
    [Fact]
    public void One_wild_point_is_dropped_and_the_rest_correlate_perfectly()
    {
        // y = 2x + 1 for x = 1..20, except one point pulled far off the line. By hand: without that point the
        // remaining 19 lie exactly on a line, so C = 1; plain Pearson over all 20 is dragged well below.
        var x = Enumerable.Range(1, 20).Select(static i => (double)i).ToArray();
        var y = x.Select(static v => (2 * v) + 1).ToArray();
        y[9] = -1000;

        var robust = new RobustCorrelation(64);
        Assert.Equal(1, robust.Dropped(20));
        Assert.Equal(1.0, robust.Compute(x, y), 12);
        Assert.True(RobustStatistics.Pearson(x, y) < 0.3);
        Assert.Equal(RobustStatistics.Pearson(x, y), new RobustCorrelation(64, trimFraction: 0).Compute(x, y), 12);
    }

    [Fact]
    public void The_result_is_pearson_of_the_points_left_after_dropping_the_most_distant()
    {
        // A noisy, hand-made cloud with two obvious outliers; n = 40, so 5 % is two points. The expected value is a
        // plain two-pass Pearson over the 38 points that are not the two outliers.
        double[] x = [3, 5, 4, 6, 8, 7, 9, 11, 10, 12, 13, 15, 14, 16, 18, 17, 19, 21, 20, 22, 23, 25, 24, 26, 28, 27, 29, 31, 30, 32, 33, 35, 34, 36, 38, 37, 39, 41, 5, 40];
        double[] y = [2, 6, 3, 7, 7, 8, 8, 12, 9, 13, 12, 16, 13, 17, 17, 18, 18, 22, 19, 23, 22, 26, 23, 27, 27, 28, 28, 32, 29, 33, 32, 36, 33, 37, 37, 38, 38, 42, 90, -50];
        var expected = Pearson(x.AsSpan(0, 38), y.AsSpan(0, 38));

        var robust = new RobustCorrelation(64);
        Assert.Equal(2, robust.Dropped(40));
        Assert.Equal(expected, robust.Compute(x, y), 10);
        Assert.True(expected > 0.95);
        Assert.True(RobustStatistics.Pearson(x, y) < 0.6);
    }

    [Fact]
    public void Outliers_do_not_move_it_however_large_they_are()
    {
        var random = new Random(7);
        var x = new double[200];
        var y = new double[200];
        for (var i = 0; i < x.Length; i++)
        {
            var common = random.Next(0, 50);
            x[i] = common + random.Next(0, 10);
            y[i] = common + random.Next(0, 10);
        }

        var robust = new RobustCorrelation(256);
        var clean = robust.Compute(x, y);
        // Five points (2.5 %) become an attack on y only: the kind of burst a learning period must not absorb.
        var results = new List<double>();
        foreach (var size in new[] { 1_000.0, 100_000.0, 10_000_000.0 })
        {
            var attacked = (double[])y.Clone();
            for (var i = 100; i < 105; i++)
            {
                attacked[i] = size;
            }

            results.Add(robust.Compute(x, attacked));
            Assert.True(RobustStatistics.Pearson(x, attacked) < 0.3);
        }

        Assert.InRange(clean, 0.9, 0.99);
        Assert.All(results, r => Assert.InRange(r, clean - 0.05, clean + 0.05));
        Assert.Equal(results[0], results[2], 12);
    }

    [Fact]
    public void It_is_symmetric_with_a_unit_diagonal()
    {
        var random = new Random(11);
        var series = Enumerable.Range(0, 6).Select(_ => Enumerable.Range(0, 100).Select(_ => (double)random.Next(0, 30)).ToArray()).ToArray();
        var robust = new RobustCorrelation(128);
        for (var i = 0; i < series.Length; i++)
        {
            Assert.Equal(1.0, robust.Compute(series[i], series[i]));
            Assert.Equal(1.0, robust.Compute(series[i], (double[])series[i].Clone()));
            for (var j = 0; j < series.Length; j++)
            {
                var c = robust.Compute(series[i], series[j]);
                Assert.Equal(c, robust.Compute(series[j], series[i]));
                Assert.InRange(c, -1, 1);
            }
        }
    }

    [Fact]
    public void Anti_correlation_and_constants()
    {
        var x = Enumerable.Range(0, 50).Select(static i => (double)((i * 7) % 23)).ToArray();
        var robust = new RobustCorrelation(64);
        Assert.Equal(-1.0, robust.Compute(x, x.Select(static v => 100 - (3 * v)).ToArray()), 12);
        Assert.Equal(0.0, robust.Compute(x, Enumerable.Repeat(5.0, 50).ToArray()));
    }

    [Fact]
    public void Selection_and_median_agree_with_sorting()
    {
        var random = new Random(3);
        for (var n = 1; n < 60; n++)
        {
            var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(0, 10)).ToArray();
            var sorted = values.Order().ToArray();
            var expectedMedian = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
            Assert.Equal(expectedMedian, RobustStatistics.Median(values, new double[n]));
            var k = random.Next(0, n);
            Assert.Equal(sorted[k], RobustStatistics.Select((double[])values.Clone(), k));
        }
    }

    private static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i] / x.Length;
            my += y[i] / y.Length;
        }

        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }
}
