using System.Globalization;
using KnockSensor.Decode;
using KnockSensor.Logging;

namespace KnockSensor.Live;

/// <summary>
/// Zeek's weird.log habit on standard error: when frames of some malformed kind arrive, say so — at most
/// <see cref="SensorLog.LimitBurst"/> lines a minute per kind, the rest only counted (and in the metrics and the stats
/// event). A span port full of broken frames then costs a few log lines, not a line per frame.
/// </summary>
public sealed class MalformedReporter(SensorLog messages, Func<IReadOnlyList<DecodeCounters>> counters) : ILiveHousekeeping
{
    private readonly long[] _reported = new long[MalformedReasons.Count];

    public void Tick(long nowNs)
    {
        var threads = counters();
        for (var reason = MalformedReason.None + 1; (int)reason < MalformedReasons.Count; reason++)
        {
            long total = 0;
            foreach (var thread in threads)
            {
                total += thread.MalformedBy(reason);
            }

            var fresh = total - _reported[(int)reason];
            if (fresh <= 0)
            {
                continue;
            }

            _reported[(int)reason] = total;
            var label = MalformedReasons.Label(reason);
            messages.WriteLimited(
                "malformed:" + label,
                LogLevel.Info,
                "malformed frames counted and skipped",
                ("reason", label),
                ("frames", fresh.ToString(CultureInfo.InvariantCulture)),
                ("total", total.ToString(CultureInfo.InvariantCulture)));
        }
    }

    public void Complete(long nowNs) => Tick(nowNs);
}
