namespace KnockSensor.Generator;

/// <summary>Starts something at planned times (door activations, scans), until the scheduler stops spawning.</summary>
internal sealed class TimedSpawner : TrafficProcess
{
    private readonly long[] _times;
    private readonly Action<TrafficScheduler, long> _onTime;
    private int _next;

    /// <param name="times">Ascending start times; not empty.</param>
    /// <param name="onTime">Scripts what starts at the given time.</param>
    public TimedSpawner(long[] times, Action<TrafficScheduler, long> onTime)
    {
        _times = times;
        _onTime = onTime;
        NextTimestampNs = times[0];
    }

    public override bool Fire(TrafficScheduler scheduler, out PacketSpec packet)
    {
        packet = default;
        if (scheduler.SpawningStopped)
        {
            IsFinished = true;
            return false;
        }

        _onTime(scheduler, _times[_next++]);
        if (_next == _times.Length)
        {
            IsFinished = true;
        }
        else
        {
            NextTimestampNs = _times[_next];
        }

        return false;
    }
}
