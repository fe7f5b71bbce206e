namespace KnockSensor.Generator;

/// <summary>
/// Starts something at Poisson arrival times (exponential gaps with a given mean) until the scheduler stops
/// spawning. Background pieces are a spawner plus a method that scripts one conversation.
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
        NextTimestampNs = startNs + random.Exponential(meanIntervalNs);
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
        NextTimestampNs += _random.Exponential(_meanIntervalNs);
        return false;
    }
}
