using System.Text.Json;
using KnockSensor.Logging;

namespace KnockSensor.Tests.Daemon;

public sealed class SensorLogTests
{
    private static readonly DateTime Noon = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Formats_text_logfmt_and_json()
    {
        (string, string)[] fields = [("file", "/etc/k.yaml"), ("reason", "line 3: bad \"x\"")];

        Assert.Equal(
            "knocksensor: warn: reload failed file=/etc/k.yaml reason=\"line 3: bad \\\"x\\\"\"",
            SensorLog.FormatLine(LogLevel.Warn, "reload failed", fields, LogFormat.Text, Noon));
        Assert.Equal(
            "ts=2026-11-23T12:00:00.000Z level=warn msg=\"reload failed\" file=/etc/k.yaml reason=\"line 3: bad \\\"x\\\"\"",
            SensorLog.FormatLine(LogLevel.Warn, "reload failed", fields, LogFormat.Logfmt, Noon));

        using var json = JsonDocument.Parse(SensorLog.FormatLine(LogLevel.Error, "reload failed", fields, LogFormat.Json, Noon));
        Assert.Equal(["ts", "level", "msg", "file", "reason"], json.RootElement.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("error", json.RootElement.GetProperty("level").GetString());
        Assert.Equal("line 3: bad \"x\"", json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void Messages_below_the_level_are_not_written_and_the_level_can_change()
    {
        using var writer = new StringWriter();
        var log = new SensorLog(writer, LogLevel.Warn, LogFormat.Text, () => Noon);

        log.Info("quiet");
        log.Warn("loud");
        log.Level = LogLevel.Debug;
        log.Debug("now audible");

        Assert.Equal(["knocksensor: warn: loud", "knocksensor: debug: now audible"], Lines(writer));
    }

    [Fact]
    public void Repeated_errors_are_rate_limited_and_the_next_one_says_how_many_were_suppressed()
    {
        using var writer = new StringWriter();
        var now = Noon;
        var log = new SensorLog(writer, LogLevel.Info, LogFormat.Text, () => now);

        var written = Enumerable.Range(0, 12).Count(i => log.WriteLimited("disk", LogLevel.Error, "cannot write"));
        Assert.True(log.WriteLimited("other", LogLevel.Error, "another kind is counted apart"));
        now += SensorLog.LimitPeriod;
        Assert.True(log.WriteLimited("disk", LogLevel.Error, "cannot write"));

        Assert.Equal(SensorLog.LimitBurst, written);
        Assert.Equal(12 - SensorLog.LimitBurst, log.Suppressed);
        var lines = Lines(writer);
        Assert.Equal(SensorLog.LimitBurst + 2, lines.Length);
        Assert.Equal($"knocksensor: error: cannot write suppressed={12 - SensorLog.LimitBurst}", lines[^1]);
    }

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
