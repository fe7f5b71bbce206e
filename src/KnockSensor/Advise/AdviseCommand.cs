using System.Globalization;
using System.Text;
using KnockSensor.Mining;
using KnockSensor.Offline;
using KnockSensor.Windowing;

namespace KnockSensor.Advise;

/// <summary>
/// <c>knocksensor advise</c>: section 5.1 of Hommes, State &amp; Engel (2012) on the operator's own traffic. The first
/// pass counts the port accesses t and the involved items u; the binomial model (eq. 7 and 8) then gives the curve of
/// Fig. 1 and a minSupp; the second pass mines with that minSupp and sweeps minInte like Table 2.
/// </summary>
public static class AdviseCommand
{
    /// <summary>Points of the binomial curve printed around its rise.</summary>
    public const int CurveRows = 16;

    /// <summary>The minConf the sweep uses (the paper's 0.90).</summary>
    public const double SweepConfidence = 0.9;

    /// <summary>Step of the minInte sweep (Table 2 uses 0.01 up to 0.10, then 0.05).</summary>
    public const double SweepStep = 0.01;

    public static int Run(IReadOnlyList<string> inputs, int windowSize, AccessPolicy policy, bool showProgress, bool threaded, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        // The paper's model describes all accesses in plain consecutive windows, so advise counts them that way.
        var windowing = new WindowingOptions { WindowSize = windowSize, Policy = policy, KeepKnocksWhole = false, ScannerDistinctItems = 0 };

        var universe = new ItemUniverse();
        var countingWindower = new PortWindower(windowing, universe);
        var counting = new OfflineRun(stdout, stderr, showProgress) { Stage = countingWindower, Threaded = threaded };
        counting.ReadPaths(inputs);
        countingWindower.Flush();
        var exit = counting.ReportDamage();
        long accesses = countingWindower.Counters.Accesses;
        if (accesses < windowSize)
        {
            stderr.WriteLine($"knocksensor: advise: the inputs hold {accesses} port accesses, fewer than one window of {windowSize}; " +
                "give more traffic or a smaller --window-size");
            return Cli.ExitCodes.InputError;
        }

        var model = new KnockParameterModel(universe.Count, accesses, windowSize);
        double minSupport = model.SuggestedMinSupport();
        var mining = new MiningOptions
        {
            HistoryLength = (int)Math.Clamp(model.Windows, 1, MiningOptions.MaxHistoryLength),
            MinSupport = minSupport,
            MinInterest = 0,
            MinConfidence = SweepConfidence,
        };
        var miner = new RareRuleMiner(mining);
        var mined = new OfflineRun(stdout, stderr, showProgress) { Stage = new PortWindower(windowing, miner), Threaded = threaded };
        mined.ReadPaths(inputs);
        var sweep = miner.SweepMinInterest(KnockParameterModel.InterestThresholds(SweepStep));

        stdout.Write(Format(model, policy, minSupport, mining, sweep, miner.Counters, counting.Counters.Frames));
        return exit;
    }

    /// <summary>
    /// The minInte to suggest from a sweep: the lowest threshold whose rule count is within twice the count at the
    /// highest threshold that still yields rules, i.e. where the count has fallen onto its last plateau (Table 2:
    /// 0.20 for dataset 1, 0.06 for dataset 2, where the paper chose 0.17 and 0.07). Null when no threshold gives a rule.
    /// </summary>
    public static double? SuggestMinInterest(IReadOnlyList<InterestSweepPoint> sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var last = sweep.LastOrDefault(static p => p.Rules > 0);
        if (last.Rules == 0)
        {
            return null;
        }

        return sweep.First(p => p.Rules > 0 && p.Rules <= 2 * last.Rules).MinInterest;
    }

    private static string Format(KnockParameterModel model, AccessPolicy policy, double minSupport, MiningOptions mining, IReadOnlyList<InterestSweepPoint> sweep, MiningCounters counters, long frames)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var what = policy == AccessPolicy.EveryPacket
            ? "every TCP/UDP/ICMP packet's destination port (the paper's database)"
            : "connection attempts: TCP SYN without ACK, UDP requests, ICMP echo requests";
        text.AppendLine(c, $"packets read:        {frames.ToString("N0", c)}");
        text.AppendLine(c, $"port accesses t:     {model.TotalAccesses.ToString("N0", c)} ({what})");
        text.AppendLine(c, $"involved items u:    {model.InvolvedPorts.ToString("N0", c)} distinct (protocol, port)");
        text.AppendLine(c, $"window size ws:      {model.WindowSize.ToString("N0", c)} accesses");
        text.AppendLine(c, $"windows l = t/ws:    {model.Windows.ToString("N0", c)}");
        text.AppendLine(c, $"p = 1-(1-1/u)^ws:    {model.PortInWindowProbability.ToString("G6", c)} (eq. 7: a background item is in a given window)");
        text.AppendLine(c, $"windows per item:    mean {model.MeanWindows.ToString("F2", c)}, sd {model.StandardDeviationWindows.ToString("F2", c)} (binomial l, p)");
        text.AppendLine();

        long steepest = model.SteepestRiseWindows();
        long first = Math.Max(0, Math.Min(steepest - CurveRows / 2, model.Windows + 1 - CurveRows));
        text.AppendLine("binomial p(x), eq. 8: the probability that a background item is in exactly x windows");
        text.AppendLine("       x   support x/l          p(x)");
        var curve = model.Curve(first, CurveRows);
        for (var i = 0; i < curve.Length; i++)
        {
            long x = first + i;
            var mark = x == steepest ? "  <- steepest rise" : "";
            text.AppendLine(c, $"  {x,6}   {(x / (double)model.Windows),11:F4}   {curve[i],11:E3}{mark}");
        }

        text.AppendLine();
        text.AppendLine(c, $"minSupp range:       0 .. {model.SteepestRiseSupport().ToString("F4", c)} (below the steepest rise of the curve, section 5.2)");
        text.AppendLine(c, $"suggested minSupp:   {minSupport.ToString("F4", c)} (at most {KnockParameterModel.DefaultTailProbability.ToString("P0", c)} of background items are that rare)");
        text.AppendLine();

        text.AppendLine(c, $"rules against minInte (Table 2), minSupp {minSupport.ToString("F4", c)}, minConf {SweepConfidence.ToString("F2", c)}, over the last {mining.HistoryLength.ToString("N0", c)} windows:");
        text.AppendLine("  minInte   rules");
        int? previous = null;
        foreach (var point in sweep)
        {
            // Table 2's shape without its length: print where the count changes, and the first and last rows.
            if (point.Rules != previous || point.MinInterest is 0 or 1)
            {
                text.AppendLine(c, $"  {point.MinInterest,7:F2}   {point.Rules.ToString("N0", c),5}");
            }

            previous = point.Rules;
        }

        var minInterest = SuggestMinInterest(sweep);
        text.AppendLine();
        text.AppendLine(minInterest is { } value
            ? string.Create(c, $"suggested minInte:   {value:F2} (where the rule count falls onto its last plateau)")
            : "suggested minInte:   none (no rules at any minInte: no rare co-occurring items in this traffic)");
        text.AppendLine(c, $"suggested minConf:   {SweepConfidence.ToString("F2", c)}");
        if (counters.WindowsSkipped > 0 || counters.TruncatedPasses > 0 || counters.RulesDropped > 0)
        {
            text.AppendLine(c, $"note: the miner reached its memory caps across its passes ({counters.WindowsSkipped} windows skipped, {counters.TruncatedPasses} truncated passes, {counters.RulesDropped} rules dropped); low-minInte counts are lower bounds");
        }

        return text.ToString();
    }
}
