using System.Numerics;
using KnockSensor.Mining;

namespace KnockSensor.Tests.Mining;

public sealed class KnockParameterModelTests
{
    [Theory]
    [InlineData(559, 19609, 1000)]
    [InlineData(804, 50787, 1000)]
    [InlineData(1, 5000, 1000)]
    [InlineData(2, 10, 3)]
    [InlineData(65536, 1_000_000, 1000)]
    public void Windows_and_port_probability_follow_the_paper(long u, long t, int ws)
    {
        var model = new KnockParameterModel(u, t, ws);
        Assert.Equal(t / ws, model.Windows);
        var direct = 1 - Math.Pow(1 - (1.0 / u), ws);
        Assert.Equal(direct, model.PortInWindowProbability, 12);
        Assert.Equal(1 - direct, model.PortAbsentProbability, 12);
        Assert.Equal(model.Windows * direct, model.MeanWindows, 9);
    }

    [Fact]
    public void Port_probability_keeps_its_digits_when_one_over_u_is_tiny()
    {
        // (1 − 1/u)^ws computed naively rounds 1 − 1e-15 and loses about a third of p's digits; ws/u is the truth to ~1e-15.
        var model = new KnockParameterModel(1_000_000_000_000_000, 10_000, 1000);
        Assert.Equal(1e-12, model.PortInWindowProbability, 1e-24);
    }

    [Theory]
    [InlineData(559, 19609, 1000)]
    [InlineData(804, 50787, 1000)]
    [InlineData(300, 6_000, 100)]
    [InlineData(5000, 30_000, 1000)]
    [InlineData(2, 40, 1)]
    public void Binomial_in_log_space_agrees_with_a_direct_computation(long u, long t, int ws)
    {
        var model = new KnockParameterModel(u, t, ws);
        var l = (int)model.Windows;
        var p = 1 - Math.Pow(1 - (1.0 / u), ws);
        var sum = 0.0;
        for (var x = 0; x <= l; x++)
        {
            // C(l, x) exactly, then the powers in plain double arithmetic.
            var choose = (double)(Factorial(l) / (Factorial(x) * Factorial(l - x)));
            var direct = choose * Math.Pow(p, x) * Math.Pow(1 - p, l - x);
            var fromLogs = model.ProbabilityOfWindows(x);
            Assert.True(Math.Abs(direct - fromLogs) <= 1e-11 * direct, $"x={x}: {fromLogs} vs {direct}");
            Assert.True(double.IsFinite(model.LogProbabilityOfWindows(x)) || direct == 0);
            sum += fromLogs;
        }

        Assert.Equal(1.0, sum, 10);
        Assert.Equal(l + 1, model.Curve().Length);
    }

    [Theory]
    [InlineData(559, 1000)]
    [InlineData(100_000, 1000)]
    [InlineData(3, 10)]
    public void Binomial_stays_finite_and_normalised_for_huge_window_counts(long u, int ws)
    {
        const long Windows = 10_000_000_000;
        var model = new KnockParameterModel(u, Windows * ws, ws);
        Assert.Equal(Windows, model.Windows);
        var mean = model.MeanWindows;
        var sigma = model.StandardDeviationWindows;
        foreach (var x in new[] { 0L, 1L, (long)mean, Windows - 1, Windows })
        {
            var log = model.LogProbabilityOfWindows(x);
            Assert.False(double.IsNaN(log), $"log p({x}) is NaN");
            Assert.True(log <= 0, $"log p({x}) = {log}");
        }

        Assert.True(double.IsFinite(model.LogProbabilityOfWindows(0)));
        Assert.True(double.IsFinite(model.LogProbabilityOfWindows((long)mean)));

        // Near the mean the binomial is the normal density: log p(mean) ≈ −½ log(2πσ²).
        var mode = (long)Math.Floor((Windows + 1) * model.PortInWindowProbability);
        Assert.Equal(-0.5 * Math.Log(2 * Math.PI * sigma * sigma), model.LogProbabilityOfWindows(mode), 4);

        // And its mass over mean ± 12σ is 1.
        var sum = 0.0;
        for (var x = (long)Math.Max(0, mean - (12 * sigma)); x <= (long)Math.Min(Windows, mean + (12 * sigma)); x++)
        {
            sum += model.ProbabilityOfWindows(x);
        }

        Assert.Equal(1.0, sum, 6);
    }

    [Theory]
    [InlineData(559, 19609, 1000)]
    [InlineData(804, 50787, 1000)]
    [InlineData(300, 400_000, 100)]
    [InlineData(50, 4000, 10)]
    public void Steepest_rise_and_suggested_support_match_a_full_scan(long u, long t, int ws)
    {
        var model = new KnockParameterModel(u, t, ws);
        var curve = model.Curve();
        var best = 0;
        for (var x = 1; x < curve.Length - 1; x++)
        {
            if (curve[x + 1] - curve[x] > curve[best + 1] - curve[best])
            {
                best = x;
            }
        }

        Assert.Equal(best, model.SteepestRiseWindows());

        foreach (var tail in new[] { 1e-6, 0.01, 0.2 })
        {
            var chosen = 0;
            var cumulative = 0.0;
            for (var x = 0; x <= best; x++)
            {
                cumulative += curve[x];
                if (cumulative > tail)
                {
                    break;
                }

                chosen = x;
            }

            Assert.Equal(chosen / (double)model.Windows, model.SuggestedMinSupport(tail), 12);
            Assert.True(model.SuggestedMinSupport(tail) <= model.SteepestRiseSupport());
        }
    }

    [Fact]
    public void Support_from_activations_is_equation_6()
    {
        // Dataset 1 of the paper: five activations over ⌊19609 / 1000⌋ = 19 windows gives the ≈ 0.3 it reports.
        var model = new KnockParameterModel(559, 19609, 1000);
        Assert.Equal(5 / 19.0, model.SupportFromActivations(5));
        Assert.InRange(model.SupportFromActivations(5), 0.25, 0.3);
    }

    [Fact]
    public void Interest_thresholds_are_a_monotone_grid_from_0_to_1()
    {
        var thresholds = KnockParameterModel.InterestThresholds();
        Assert.Equal(101, thresholds.Length);
        Assert.Equal(0, thresholds[0]);
        Assert.Equal(1, thresholds[^1]);
        Assert.Equal(0.17, thresholds[17]);
        for (var i = 1; i < thresholds.Length; i++)
        {
            Assert.True(thresholds[i] > thresholds[i - 1]);
        }
    }

    private static BigInteger Factorial(int n)
    {
        var result = BigInteger.One;
        for (var i = 2; i <= n; i++)
        {
            result *= i;
        }

        return result;
    }
}
