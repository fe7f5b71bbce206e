using KnockSensor.Cli;
using KnockSensor.Configuration;
using KnockSensor.Live;
using KnockSensor.Logging;

namespace KnockSensor.Tests.Cli;

/// <summary>The configuration file (<c>-c</c>): the same options as the command line, which wins; errors name the line.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private const string Full = """
        # A span-port sensor
        capture:
          interface: eth1
          backend: afpacket
          threads: 2
          filter: not port 22
          ring:
            block_size: 2097152
            blocks: 16
        knock:
          window_size: 500
          min_confidence: 0.8
          history: 128
          min_activations: 4
        quiescent:
          home_networks: [10.0.0.0/8, 192.168.0.0/16]
          bin_seconds: 600
        events:
          path: /var/log/knocksensor/events.json
        log:
          level: warn
          format: json
        pidfile: /run/knocksensor.pid
        state:
          directory: /var/lib/knocksensor
          interval_seconds: 30
        web:
          listen_addresses: [":10642", "127.0.0.1:10643"]
          telemetry_path: /prom
          top_n: 5
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("knocksensor-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_full_file_means_the_options_it_names()
    {
        var path = Write(Full);

        var options = CommandLineParser.Parse(["-c", path]);

        Assert.Equal(CommandKind.Live, options.Command);
        Assert.Equal(path, options.Config!.Path);
        var live = options.Live!;
        Assert.Equal("eth1", live.InterfaceName);
        Assert.Equal(CaptureBackend.AfPacket, live.Backend);
        Assert.Equal(2, live.Threads);
        Assert.Equal("not port 22", live.Filter);
        Assert.Equal(2097152, live.AfPacket.BlockSize);
        Assert.Equal(16, live.AfPacket.BlockCount);
        Assert.Equal(500, options.WindowSize);
        Assert.Equal(0.8, options.MinConfidence);
        Assert.Equal(128, options.HistoryLength);
        Assert.Equal(4, options.MinActivations);
        Assert.True(options.Quiescent);
        Assert.Equal(600, options.BinSeconds);
        Assert.True(options.HomeNetworks.Contains(KnockSensor.Decode.PacketAddress.FromIPv4(0x0A010203)));
        Assert.False(options.HomeNetworks.Contains(KnockSensor.Decode.PacketAddress.FromIPv4(0x08080808)));
        Assert.Equal("/var/log/knocksensor/events.json", options.EventsPath);
        Assert.Equal(LogLevel.Warn, options.LogLevel);
        Assert.Equal(LogFormat.Json, options.LogFormat);
        Assert.Equal("/run/knocksensor.pid", options.PidFile);
        Assert.Equal("/var/lib/knocksensor", options.StateDirectory);
        Assert.Equal(30, options.StateIntervalSeconds);
        Assert.Equal([":10642", "127.0.0.1:10643"], options.Web.ListenAddresses);
        Assert.Equal("/prom", options.Web.TelemetryPath);
        Assert.Equal(5, options.Web.TopN);
        Assert.Equal(["-c", path], options.Arguments);
    }

    [Fact]
    public void The_command_line_wins_over_the_file()
    {
        var path = Write(Full);

        var options = CommandLineParser.Parse(["-c", path, "-i", "eth9", "--window-size", "300", "--log.level", "debug", "--web.listen-address", "127.0.0.1:20000", "port 7000"]);

        Assert.Equal("eth9", options.Live!.InterfaceName);
        Assert.Equal("port 7000", options.Live.Filter);
        Assert.Equal(300, options.WindowSize);
        Assert.Equal(LogLevel.Debug, options.LogLevel);
        Assert.Equal(2, options.Live.Threads);
        Assert.Equal(["127.0.0.1:20000"], options.Web.ListenAddresses);
    }

    [Fact]
    public void Reading_files_keeps_the_detector_settings_and_leaves_the_capture_alone()
    {
        var path = Write(Full);

        var options = CommandLineParser.Parse(["-c", path, "-r", "day.pcap"]);

        Assert.Equal(CommandKind.Read, options.Command);
        Assert.Null(options.Live);
        Assert.Equal(["day.pcap"], options.Inputs);
        Assert.Equal(500, options.WindowSize);
        Assert.Equal("/var/lib/knocksensor", options.StateDirectory);
    }

    [Theory]
    [InlineData("capture:\n  threads: lots\n", 2, "capture.threads: needs a whole number from 1 to 64, not 'lots'")]
    [InlineData("knock:\n  min_support: 1.5\n", 2, "knock.min_support: needs a number from 0 to 1, not '1.5'")]
    [InlineData("knock:\n  window-size: 10\n", 2, "unknown key 'window-size' in 'knock'")]
    [InlineData("capture:\n  interface: eth0\nlogs:\n  level: info\n", 3, "unknown key 'logs' at the top level")]
    [InlineData("log:\n  level: verbose\n", 2, "log.level: needs one of debug, info, warn, error, not 'verbose'")]
    [InlineData("quiescent:\n  home_networks:\n    - 10.0.0.0/8\n    - 10.0.0.0/33\n", 3, "quiescent.home_networks:")]
    [InlineData("capture:\n  backend: netmap\n", 2, "capture.backend: needs one of afpacket, libpcap")]
    [InlineData("capture:\n  interface: eth0\n  filter: tcp\n  filter_file: /etc/f\n", 4, "give the capture filter as filter or as filter_file, not both")]
    [InlineData("knock:\n  paper: maybe\n", 2, "knock.paper: needs true or false")]
    [InlineData("capture: [eth0]\n", 1, "capture: needs a mapping of keys to values, not a list")]
    public void A_bad_file_is_refused_with_the_line_and_the_reason(string text, int line, string reason)
    {
        var path = Write(text);

        var e = Assert.Throws<ConfigurationException>(() => CommandLineParser.Parse(["-c", path]));

        Assert.Equal(line, e.Line);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_by_name()
    {
        var missing = Path.Combine(_directory, "nope.yaml");

        var e = Assert.Throws<ConfigurationException>(() => CommandLineParser.Parse(["-c", missing]));

        Assert.Equal(0, e.Line);
        Assert.StartsWith($"{missing}: cannot read the configuration file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_an_interface_and_nothing_on_the_command_line_is_nothing_to_do()
    {
        var path = Write("knock:\n  window_size: 100\n");

        var e = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(["-c", path]));

        Assert.Contains("has no capture.interface", e.Message, StringComparison.Ordinal);
        Assert.Equal(CommandKind.ConfigCheck, CommandLineParser.Parse(["-c", path, "--config.check"]).Command);
    }

    [Fact]
    public void Config_check_reports_ok_and_what_would_run()
    {
        var path = Write("capture:\n  interface: eth0\n  filter: tcp or udp\nevents:\n  path: " + Path.Combine(_directory, "e.json") + "\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CommandLine.Run(["-c", path, "--config.check"], stdout, stderr);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains($"configuration OK: {path}", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("filter 'tcp or udp'", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr.ToString());
    }

    [Fact]
    public void Config_check_refuses_a_filter_libpcap_cannot_compile_and_a_missing_log_directory()
    {
        var path = Write("capture:\n  interface: eth0\n  filter: tcp port banana\nevents:\n  path: /nonexistent-dir/e.json\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CommandLine.Run(["-c", path, "--config.check"], stdout, stderr);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("capture filter: bad capture filter 'tcp port banana'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("events.path: the directory /nonexistent-dir does not exist", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stdout.ToString());
    }

    [Fact]
    public void A_bad_file_makes_the_command_exit_2_with_the_line()
    {
        var path = Write("knock:\n  history: 0\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = CommandLine.Run(["-c", path, "--config.check"], stdout, stderr);

        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"knocksensor: error: {path}:2: knock.history: needs a whole number from 1 to 1024, not '0'", stderr.ToString().TrimEnd());
    }

    [Fact]
    public void Config_check_needs_a_file()
    {
        Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(["--config.check"]));
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, $"k{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }
}
