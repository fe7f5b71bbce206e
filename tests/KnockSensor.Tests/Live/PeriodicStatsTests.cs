using System.Text;
using System.Text.Json;
using KnockSensor.Decode;
using KnockSensor.Live;
using KnockSensor.Output;

namespace KnockSensor.Tests.Live;

public sealed class PeriodicStatsTests
{
    private const long Second = 1_000_000_000L;

    [Fact]
    public void A_stats_event_each_interval_with_the_totals_of_that_moment()
    {
        using var buffer = new MemoryStream();
        var counters = new DecodeCounters();
        using (var log = EventLog.Create(buffer))
        {
            var stats = new PeriodicStats(log, "eth1", 10, () => counters);
            var start = 1_800_000_000 * Second;
            stats.Tick(start);
            stats.Tick(start + (9 * Second));
            counters.Record(DecodeStatus.Transport, new PortEvent { IpVersion = 4, Protocol = IpProtocol.Udp, DestinationPort = 53 }, MalformedReason.None, new KnockSensor.Capture.FrameInfo(start, 60, KnockSensor.Capture.LinkType.Ethernet), 60);
            stats.Tick(start + (10 * Second));
            stats.Tick(start + (15 * Second));
            stats.Tick(start + (20 * Second));
            stats.Complete(start + (21 * Second));
            Assert.Equal(2, stats.EventsWritten);
        }

        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("2027-01-15T08:00:10.000000Z", first.RootElement.GetProperty("timestamp").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("stats").GetProperty("udp").GetInt64());
        Assert.Equal("eth1", first.RootElement.GetProperty("stats").GetProperty("inputs")[0].GetProperty("path").GetString());
    }

    [Fact]
    public void Interval_zero_writes_nothing()
    {
        using var buffer = new MemoryStream();
        using var log = EventLog.Create(buffer);
        var stats = new PeriodicStats(log, "eth1", 0, static () => new DecodeCounters());

        stats.Tick(Second);
        stats.Tick(1000 * Second);

        Assert.Equal(0, stats.EventsWritten);
    }
}
