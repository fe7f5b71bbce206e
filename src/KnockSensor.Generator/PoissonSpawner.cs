namespace KnockSensor.Generator;

/// <summary>
/// Starts something at Poisson arrival times (exponential gaps with a given mean) until the scheduler stops
/// spawning. Background pieces are a spawner plus a method that scripts one conversation. Arrivals fall on whole
/// microseconds, like every stamp the scripts write, so a script never starts before the time it was spawned.
/// </summary>
internal sealed class PoissonSpawner : TrafficProcess
{
    private readonly DeterministicRandom _random;
    private readonly double _meanIntervalNs;
    private readonly Action<TrafficScheduler, long> _onArrival;

    public PoissonSpawner(DeterministicRandom random, long startNs, double meanIntervalNs, Action<TrafficScheduler, long> onArrival)
    {
        _random = random;
        _meanIntervalNs = meanIntervalNs;
        _onArrival = onArrival;
        NextTimestampNs = startNs - (startNs % 1000) + Interval();
    }

    public override bool Fire(TrafficScheduler scheduler, out PacketSpec packet)
    {
        packet = default;
        if (scheduler.SpawningStopped)
        {
            IsFinished = true;
            return false;
        }

        _onArrival(scheduler, NextTimestampNs);
        NextTimestampNs += Interval();
        return false;
    }

    private long Interval()
    {
        long interval = _random.Exponential(_meanIntervalNs);
        return Math.Max(1000, interval - (interval % 1000));
    }
}
