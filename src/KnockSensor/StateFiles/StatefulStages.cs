using KnockSensor.Knocks;
using KnockSensor.Quiescent;
using KnockSensor.State;

namespace KnockSensor.StateFiles;

/// <summary>Builds the stages for a run and, with <c>--state-dir</c>, restores them from the snapshot.</summary>
public static class StatefulStages
{
    /// <summary>
    /// Builds the detector and the monitor, then restores them from <paramref name="store"/> when there is one. A
    /// rejected snapshot may have left them half restored, so they are built again: the run starts clean.
    /// </summary>
    public static (KnockDetector Detector, QuiescentMonitor? Monitor) Create(StateStore? store, Func<KnockDetector> detector, Func<QuiescentMonitor?> monitor)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(monitor);
        var stages = (detector(), monitor());
        if (store is not null && store.Restore(stages.Item1, stages.Item2) == RestoreOutcome.Rejected)
        {
            stages = (detector(), monitor());
        }

        return stages;
    }
}
