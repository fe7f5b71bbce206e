using KnockSensor.Live;
using KnockSensor.Metrics;
using KnockSensor.State;

namespace KnockSensor.StateFiles;

/// <summary>Copies the state store's totals into the metrics once a tick (on the merging thread, where snapshots are written too).</summary>
public sealed class SnapshotMetrics(StateStore store, SensorMetrics metrics) : ILiveHousekeeping
{
    public void Tick(long nowNs) => Publish();

    public void Complete(long nowNs) => Publish();

    private void Publish()
    {
        if (store.LastSuccessTimestampSeconds > 0)
        {
            metrics.StateSnapshotLastSuccessTimestamp.Set(store.LastSuccessTimestampSeconds);
            metrics.StateSnapshotBytes.Set(store.LastSnapshotBytes);
        }

        metrics.StateSnapshotFailures.IncTo(store.Failures);
        metrics.StateSnapshotRejected.IncTo(store.Rejected);
    }
}
