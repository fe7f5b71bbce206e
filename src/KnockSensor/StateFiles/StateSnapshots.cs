using KnockSensor.Knocks;
using KnockSensor.Live;
using KnockSensor.Quiescent;
using KnockSensor.State;

namespace KnockSensor.StateFiles;

/// <summary>
/// A live run's snapshots: one every <c>--state-interval</c> on the merging thread (which owns the stages, so the
/// snapshot is consistent without locks), and a last one after the final drain and flush of a SIGTERM/SIGINT stop.
/// </summary>
public sealed class StateSnapshots : ILiveHousekeeping
{
    private readonly StateStore _store;
    private readonly KnockDetector _detector;
    private readonly QuiescentMonitor? _monitor;
    private readonly long _intervalNs;
    private long _lastNs;

    public StateSnapshots(StateStore store, KnockDetector detector, QuiescentMonitor? monitor, TimeSpan interval, long startNs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(detector);
        _store = store;
        _detector = detector;
        _monitor = monitor;
        _intervalNs = interval.Ticks * 100;
        _lastNs = startNs;
    }

    public StateStore Store => _store;

    public void Tick(long nowNs)
    {
        // A wall clock stepped backwards must not stop the snapshots: count from the step.
        if (nowNs - _lastNs >= _intervalNs || nowNs < _lastNs)
        {
            _lastNs = nowNs;
            _store.Save(_detector, _monitor);
        }
    }

    public void Complete(long nowNs)
    {
        _lastNs = nowNs;
        _store.SaveAndReport(_detector, _monitor);
    }
}
