using KnockSensor.Output;
using KnockSensor.Quiescent;

namespace KnockSensor.Live;

/// <summary>
/// Writes the quiescent-port monitor's anomalies to the event log as bins close (within a housekeeping tick), rather
/// than at the end as an offline run does: a live sensor's end may be weeks away. Keeps counts, not the anomalies.
/// </summary>
public sealed class AnomalyReporter(QuiescentMonitor monitor, EventLog? log) : ILiveHousekeeping
{
    public QuiescentMonitor Monitor => monitor;

    public long Localized { get; private set; }

    public long HorizontalScans { get; private set; }

    public long Worms { get; private set; }

    public void Tick(long nowNs) => WritePending();

    public void Complete(long nowNs) => WritePending();

    private void WritePending()
    {
        if (monitor.Anomalies.Count == 0)
        {
            return;
        }

        if (log is not null)
        {
            PortAnomalyEvent.WriteAll(log, monitor.Anomalies);
        }

        foreach (var anomaly in monitor.Anomalies)
        {
            _ = anomaly.Classification switch
            {
                AnomalyClassification.Localized => Localized++,
                AnomalyClassification.HorizontalScan => HorizontalScans++,
                _ => Worms++,
            };
        }

        monitor.Anomalies.Clear();
    }
}
