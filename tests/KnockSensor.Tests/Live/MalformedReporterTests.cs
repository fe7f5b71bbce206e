using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Live;
using KnockSensor.Logging;

namespace KnockSensor.Tests.Live;

public sealed class MalformedReporterTests
{
    [Fact]
    public void New_malformed_frames_are_reported_per_reason_and_rate_limited()
    {
        var threads = new[] { new DecodeCounters(), new DecodeCounters() };
        using var writer = new StringWriter();
        var log = new SensorLog(writer, LogLevel.Info, LogFormat.Logfmt, static () => new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc));
        var reporter = new MalformedReporter(log, () => threads);
        var info = new FrameInfo(1, 60, LinkType.Ethernet);

        reporter.Tick(0);
        threads[0].Record(DecodeStatus.Malformed, default, MalformedReason.BadUdpLength, info, 60);
        threads[1].Record(DecodeStatus.Malformed, default, MalformedReason.BadUdpLength, info, 60);
        threads[1].Record(DecodeStatus.Malformed, default, MalformedReason.TruncatedIpHeader, info, 60);
        reporter.Tick(1);
        reporter.Tick(2);
        for (var i = 0; i < 20; i++)
        {
            threads[0].Record(DecodeStatus.Malformed, default, MalformedReason.BadUdpLength, info, 60);
            reporter.Tick(3 + i);
        }

        var lines = writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, static l => l.EndsWith("reason=truncated_ip_header frames=1 total=1", StringComparison.Ordinal));
        Assert.Contains(lines, static l => l.EndsWith("reason=bad_udp_length frames=2 total=2", StringComparison.Ordinal));
        Assert.Equal(SensorLog.LimitBurst, lines.Count(static l => l.Contains("reason=bad_udp_length", StringComparison.Ordinal)));
        Assert.Equal(1 + SensorLog.LimitBurst, lines.Length);
    }
}
