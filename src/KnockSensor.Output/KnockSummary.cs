using System.Globalization;
using System.Text;
using KnockSensor.Knocks;

namespace KnockSensor.Output;

/// <summary>The knock part of the run summary: the detector's figures, then one block per door found.</summary>
public static class KnockSummary
{
    public static string Format(KnockDetector detector)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        var windowing = detector.Windower.Counters;
        var counters = detector.Counters;
        var miner = detector.Miner;
        var options = detector.Options;
        var auto = options.AutoMinSupport || options.AutoMinInterest ? " (automatic)" : "";
        text.AppendLine(c, $"port accesses:   {windowing.Accesses.ToString("N0", c)} in {windowing.WindowsClosed.ToString("N0", c)} windows of {options.Windowing.WindowSize.ToString("N0", c)}; {windowing.ScannerAccesses.ToString("N0", c)} from {windowing.ScannersFlagged.ToString("N0", c)} scanners left out");
        text.AppendLine(c, $"mining:          minSupp {miner.MinSupport.ToString("G3", c)}, minInte {miner.MinInterest.ToString("G3", c)}{auto}, minConf {options.Mining.MinConfidence.ToString("G3", c)}, history {miner.History.Count}/{options.Mining.HistoryLength} windows");
        text.AppendLine(c, $"knock rules:     {counters.RulesReported.ToString("N0", c)} reported");
        var knocks = detector.Knocks;
        text.AppendLine(c, $"knocks:          {knocks.Count}");
        foreach (var knock in knocks)
        {
            var sequence = string.Join(" -> ", knock.Sequence.Select(static i => i.ToString()));
            var shell = knock.ShellPort is { } port ? $", then {port}" : "";
            text.AppendLine(c, $"  #{knock.Id} {knock.Destination}: {sequence}{shell}");
            var sources = string.Join(", ", knock.Sources.Take(3).Select(static s => s.ToString()));
            var more = knock.SourceCount > 3 ? $" and {knock.SourceCount - 3} more" : "";
            text.AppendLine(c, $"     {knock.Activations} activations, {EventTimestamp.Format(knock.FirstSeenNs)} .. {EventTimestamp.Format(knock.LastSeenNs)}, from {sources}{more}");
        }

        return text.ToString();
    }
}
