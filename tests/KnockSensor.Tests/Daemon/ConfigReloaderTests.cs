using KnockSensor.Cli;
using KnockSensor.Configuration;
using KnockSensor.Daemon;
using KnockSensor.Logging;
using KnockSensor.Output;

namespace KnockSensor.Tests.Daemon;

/// <summary>Reloads are atomic: everything applies, or nothing does and the old configuration stays.</summary>
public sealed class ConfigReloaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("knocksensor-reload-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_good_reload_applies_the_log_settings_and_moves_the_event_log()
    {
        var config = Path.Combine(_directory, "k.yaml");
        var first = Path.Combine(_directory, "a.json");
        var second = Path.Combine(_directory, "b.json");
        File.WriteAllText(config, $"capture:\n  interface: lo\nevents:\n  path: {first}\nlog:\n  level: warn\n");
        var options = CommandLineParser.Parse(["-c", config]);
        using var messages = new StringWriter();
        var log = new SensorLog(messages, options.LogLevel, options.LogFormat);
        using var events = EventLog.Open(first);
        var reloader = new ConfigReloader(options, log, events);

        File.WriteAllText(config, $"capture:\n  interface: lo\nevents:\n  path: {second}\nlog:\n  level: debug\n  format: logfmt\nknock:\n  window_size: 99\n");
        Assert.True(reloader.Reload(out var error));

        Assert.Null(error);
        Assert.Equal(LogLevel.Debug, log.Level);
        Assert.Equal(LogFormat.Logfmt, log.Format);
        Assert.Equal(second, events.Path);
        Assert.Equal(second, reloader.Current.EventsPath);
        Assert.True(reloader.LastReloadSuccessful);
        Assert.Equal(1, reloader.Successes);
        // The window size shapes the detector's state: it waits for a restart, and the operator is told.
        Assert.Equal(options.WindowSize, reloader.Current.WindowSize);
        Assert.Contains("setting=knock.window_size", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_file_changes_nothing_and_is_reported()
    {
        var config = Path.Combine(_directory, "k.yaml");
        File.WriteAllText(config, "capture:\n  interface: lo\nlog:\n  level: warn\n");
        var options = CommandLineParser.Parse(["-c", config]);
        using var messages = new StringWriter();
        var log = new SensorLog(messages, options.LogLevel, options.LogFormat);
        var part = new RecordingPart();
        var reloader = new ConfigReloader(options, log, events: null);
        reloader.Register(part);

        File.WriteAllText(config, "capture:\n  interface: lo\nlog:\n  level: debug\n  colour: yes\n");
        Assert.False(reloader.Reload(out var error));

        Assert.Contains($"{config}:5: unknown key 'colour' in 'log'", error, StringComparison.Ordinal);
        Assert.Equal(LogLevel.Warn, log.Level);
        Assert.False(reloader.LastReloadSuccessful);
        Assert.Equal(1, reloader.Failures);
        Assert.Equal(0, part.Prepared);
        Assert.Contains("configuration reload failed", messages.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_part_that_refuses_stops_every_part_from_applying()
    {
        var config = Path.Combine(_directory, "k.yaml");
        File.WriteAllText(config, "capture:\n  interface: lo\n");
        var options = CommandLineParser.Parse(["-c", config]);
        var log = new SensorLog(TextWriter.Null, options.LogLevel, options.LogFormat);
        var good = new RecordingPart();
        var bad = new RecordingPart { Refusal = new ConfigurationException("web.yaml", 3, "bad hash") };
        var reloader = new ConfigReloader(options, log, events: null);
        reloader.Register(good);
        reloader.Register(bad);

        File.WriteAllText(config, "capture:\n  interface: lo\nlog:\n  level: debug\n");
        Assert.False(reloader.Reload(out var error));

        Assert.Equal("web.yaml:3: bad hash", error);
        Assert.Equal(1, good.Prepared);
        Assert.Equal(0, good.Applied);
        Assert.Equal(LogLevel.Info, log.Level);
    }

    private sealed class RecordingPart : IReloadable
    {
        public int Prepared { get; private set; }

        public int Applied { get; private set; }

        public ConfigurationException? Refusal { get; init; }

        public Action Prepare(CommandLineOptions next)
        {
            Prepared++;
            return Refusal is null ? () => Applied++ : throw Refusal;
        }
    }
}
