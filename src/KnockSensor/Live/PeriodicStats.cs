using KnockSensor.Decode;
using KnockSensor.Output;

namespace KnockSensor.Live;

/// <summary>
/// A <c>stats</c> event every so often while a live run captures, so the event log shows the traffic as it goes and
/// not only at a stop that may be weeks away. The totals are read on the merging thread while capture threads keep
/// counting: each is a 64-bit value written by one thread (an atomic read on x64), so an event may be a few frames
/// behind, never torn.
/// </summary>
public sealed class PeriodicStats(EventLog log, string interfaceName, int intervalSeconds, Func<DecodeCounters> totals) : ILiveHousekeeping
{
    private readonly long _intervalNs = intervalSeconds * 1_000_000_000L;
    private long _nextNs;

    public long EventsWritten { get; private set; }

    public void Tick(long nowNs)
    {
        if (_intervalNs <= 0)
        {
            return;
        }

        if (_nextNs == 0)
        {
            _nextNs = nowNs + _intervalNs;
            return;
        }

        if (nowNs < _nextNs)
        {
            return;
        }

        _nextNs = nowNs + _intervalNs;
        var counters = totals();
        StatsEvent.Write(log, counters, [new InputReport(interfaceName, counters.Frames, counters.CapturedBytes)], nowNs);
        EventsWritten++;
    }

    public void Complete(long nowNs)
    {
        // The run's final stats event follows the report.
    }
}
