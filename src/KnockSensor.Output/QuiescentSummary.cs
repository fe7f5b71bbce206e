using System.Globalization;
using KnockSensor.Quiescent;

namespace KnockSensor.Output;

/// <summary>The quiescent-port monitor's line in the run summary (same <c>label: value</c> style as <see cref="RunSummary"/>).</summary>
public static class QuiescentSummary
{
    /// <summary>
    /// E.g. <c>quiescent ports: 336 bins, 105 anomalies (2 localized, 6 horizontal_scan, 97 worm); 38,079 keys tracked,
    /// 2 clusters (largest 197); 1,234,567 flows, 0 evicted</c>. While still learning, says how many bins remain.
    /// </summary>
    public static string Format(QuiescentMonitor monitor, IReadOnlyCollection<PortAnomaly> anomalies)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        return Format(
            monitor,
            anomalies.Count(static a => a.Classification == AnomalyClassification.Localized),
            anomalies.Count(static a => a.Classification == AnomalyClassification.HorizontalScan),
            anomalies.Count(static a => a.Classification == AnomalyClassification.Worm));
    }

    /// <summary>The same line from counts by classification (a live run keeps counts, not every anomaly).</summary>
    public static string Format(QuiescentMonitor monitor, long localized, long scans, long worms)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var c = CultureInfo.InvariantCulture;
        var state = monitor.State;
        var total = localized + scans + worms;
        var model = monitor.IsLearned
            ? string.Create(c, $"{state.ClusterCount} clusters (largest {(state.ClusterCount > 0 ? state.ClusterSize(0) : 0)})")
            : string.Create(c, $"still learning ({monitor.Options.LearningBins - monitor.BinsClosed} of {monitor.Options.LearningBins} bins to go)");
        return string.Create(
            c,
            $"quiescent ports: {monitor.BinsClosed.ToString("N0", c)} bins of {monitor.Options.BinSeconds} s, {total.ToString("N0", c)} anomalies ({localized} localized, {scans} horizontal_scan, {worms} worm); {monitor.KeysTracked.ToString("N0", c)} keys tracked, {model}; {monitor.FlowsStarted.ToString("N0", c)} flows, {monitor.FlowsEvicted.ToString("N0", c)} evicted");
    }
}
