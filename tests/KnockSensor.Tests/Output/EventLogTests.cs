using System.Text;
using System.Text.Json;
using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Output;

namespace KnockSensor.Tests.Output;

public sealed class EventLogTests
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000Z")]
    [InlineData(1_700_000_000_005_585_999L, "2023-11-14T22:13:20.005585Z")]
    public void Timestamps_are_utc_with_microseconds(long nanoseconds, string expected)
    {
        Assert.Equal(expected, EventTimestamp.Format(nanoseconds));
    }

    [Fact]
    public void Each_event_is_one_line_with_common_fields_first()
    {
        using var buffer = new MemoryStream();
        using (var log = EventLog.Create(buffer))
        {
            var json = log.BeginEvent(1_700_000_000_005_585_000L, "test");
            json.WriteNumber("n", 1);
            log.EndEvent();
            log.BeginEvent(0, "second");
            log.EndEvent();
            Assert.Equal(2, log.EventsWritten);
        }

        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n');
        Assert.Equal(
            ["{\"timestamp\":\"2023-11-14T22:13:20.005585Z\",\"event_type\":\"test\",\"n\":1}", "{\"timestamp\":\"1970-01-01T00:00:00.000000Z\",\"event_type\":\"second\"}", ""],
            lines);
    }

    [Fact]
    public void Stats_event_carries_counts_every_malformed_reason_and_damaged_inputs()
    {
        var counters = new DecodeCounters();
        var info = new FrameInfo(10, 60, LinkType.Ethernet);
        counters.Record(DecodeStatus.Transport, new PortEvent { IpVersion = 4, Protocol = IpProtocol.Tcp, TcpFlags = TcpFlags.Syn, DestinationPort = 999 }, MalformedReason.None, info, 60);
        counters.Record(DecodeStatus.Transport, new PortEvent { IpVersion = 4, Protocol = IpProtocol.Udp, DestinationPort = 888 }, MalformedReason.None, info, 60);
        counters.Record(DecodeStatus.Malformed, default, MalformedReason.BadTcpDataOffset, info, 60);
        var inputs = new[] { new InputReport("a.pcap", 3, 180), new InputReport("b.pcap", 0, 0, 24, "truncated record header") };

        using var buffer = new MemoryStream();
        using (var log = EventLog.Create(buffer))
        {
            StatsEvent.Write(log, counters, inputs, counters.LastTimestampNs);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        var root = document.RootElement;
        Assert.Equal(["timestamp", "event_type", "stats"], root.EnumerateObject().Select(static p => p.Name));
        var stats = root.GetProperty("stats");
        Assert.Equal(3, stats.GetProperty("packets").GetInt64());
        Assert.Equal(1, stats.GetProperty("tcp_syn").GetInt64());
        Assert.Equal(1, stats.GetProperty("udp").GetInt64());
        Assert.Equal(1, stats.GetProperty("malformed_total").GetInt64());
        var malformed = stats.GetProperty("malformed").EnumerateObject().ToArray();
        Assert.Equal(MalformedReasons.Count - 1, malformed.Length);
        Assert.Equal(1, malformed.Single(static p => p.Name == "bad_tcp_data_offset").Value.GetInt64());
        var damaged = stats.GetProperty("inputs")[1];
        Assert.Equal(24, damaged.GetProperty("error_offset").GetInt64());
        Assert.Equal("truncated record header", damaged.GetProperty("error").GetString());
        Assert.False(stats.GetProperty("inputs")[0].TryGetProperty("error", out _));
    }

    [Fact]
    public void Every_malformed_reason_has_a_distinct_snake_case_label()
    {
        var labels = Enumerable.Range(0, MalformedReasons.Count).Select(static r => MalformedReasons.Label((MalformedReason)r)).ToArray();

        Assert.Equal(labels.Length, labels.Distinct().Count());
        Assert.All(labels, static l => Assert.Matches("^[a-z0-9]+(_[a-z0-9]+)*$", l));
        Assert.DoesNotContain("unknown", labels);
    }
}
