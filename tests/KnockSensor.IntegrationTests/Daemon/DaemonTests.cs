using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.IntegrationTests.Live;

namespace KnockSensor.IntegrationTests.Daemon;

/// <summary>
/// The published binary run as systemd runs it: from its configuration file alone, with a notify socket. It says
/// READY=1 once capturing, writes its pid file, reloads on SIGHUP (reopening a rotated event log), refuses a broken
/// file without stopping, says STOPPING=1 on SIGTERM and cleans up after itself.
/// </summary>
public sealed class DaemonTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Runs_from_its_config_notifies_systemd_reloads_on_sighup_and_follows_logrotate()
    {
        using var lab = new LiveLab();
        var events = _scratch.File("events.json");
        var pidFile = _scratch.File("knocksensor.pid");
        var config = _scratch.File("knocksensor.yaml");
        var good = $"""
            capture:
              interface: {lab.VethB}
              threads: 1
            events:
              path: {events}
              stats_interval_seconds: 1
            log:
              format: logfmt
            pidfile: {pidFile}
            """;
        File.WriteAllText(config, good);
        var notifyPath = _scratch.File("notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(notifyPath));
        systemd.ReceiveTimeout = 20_000;

        using var sensor = BackgroundProcess.StartIn(lab.NamespaceB, ["env", $"NOTIFY_SOCKET={notifyPath}", Repository.SensorBinary, "-c", config]);

        Assert.Equal("READY=1\nSTATUS=capturing", Receive(systemd));
        Assert.Equal(sensor.Id.ToString(CultureInfo.InvariantCulture), File.ReadAllText(pidFile).Trim());
        sensor.WaitForOutput($"listening on {lab.VethB}", TimeSpan.FromSeconds(10));

        // logrotate: move the file, then SIGHUP; the sensor reopens the path and the rest goes to the new file.
        lab.InA($"hping3 -S -c 20 -i u1000 -p 7777 {LiveLab.AddressB}");
        File.Move(events, events + ".1");
        sensor.Signal("HUP");
        Assert.StartsWith("RELOADING=1", Receive(systemd), StringComparison.Ordinal);
        Assert.StartsWith("READY=1", Receive(systemd), StringComparison.Ordinal);
        sensor.WaitForOutput("msg=\"configuration reloaded\"", TimeSpan.FromSeconds(10));
        Assert.True(File.Exists(events), "SIGHUP must reopen the event log at its path");

        // A broken file is refused with its line; the sensor keeps running on the old one.
        File.WriteAllText(config, good + "\nknock:\n  window_size: -5\n");
        sensor.Signal("HUP");
        Assert.StartsWith("RELOADING=1", Receive(systemd), StringComparison.Ordinal);
        Assert.StartsWith("READY=1", Receive(systemd), StringComparison.Ordinal);
        sensor.WaitForOutput($"{config}:11: knock.window_size: needs a whole number", TimeSpan.FromSeconds(10));
        Assert.Contains("configuration reload failed", sensor.Output, StringComparison.Ordinal);
        Assert.False(sensor.HasExited);

        lab.InA($"hping3 -S -c 30 -i u1000 -p 8888 {LiveLab.AddressB}");

        // Stats events come every second while capturing, not only at the end.
        var waited = Stopwatch.StartNew();
        while (!File.ReadLines(events).Any(static l => l.Contains("\"event_type\":\"stats\"", StringComparison.Ordinal)))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "no periodic stats event within 10 s");
            Thread.Sleep(100);
        }

        sensor.Signal("TERM");
        Assert.Equal("STOPPING=1", Receive(systemd));
        Assert.Equal(0, sensor.WaitForExit(TimeSpan.FromSeconds(5)));

        Assert.False(File.Exists(pidFile), "the pid file is removed at exit");
        Assert.Empty(File.ReadAllLines(events + ".1"));
        var stats = File.ReadAllLines(events).Select(static l => JsonDocument.Parse(l).RootElement).Where(static e => e.GetProperty("event_type").GetString() == "stats").ToList();
        Assert.True(stats.Count >= 2, "periodic stats events and the final one");
        Assert.Equal(50, stats[^1].GetProperty("stats").GetProperty("tcp_syn").GetInt64());
    }

    [Fact]
    public void Captures_as_an_unprivileged_user_holding_only_cap_net_raw()
    {
        using var lab = new LiveLab();
        var directory = _scratch.File("unprivileged");
        Directory.CreateDirectory(directory);
        Assert.Equal(0, ProcessRunner.Run("chmod", ["0777", directory]).ExitCode);
        var binary = Path.Combine(directory, "knocksensor");
        File.Copy(Repository.SensorBinary, binary);
        var setcap = ProcessRunner.Run("setcap", ["cap_net_raw+ep", binary]);
        Assert.True(setcap.ExitCode == 0, setcap.StandardError);
        var events = Path.Combine(directory, "events.json");

        // What the unit does with User= and AmbientCapabilities=, done here with setcap and setpriv.
        using var sensor = BackgroundProcess.StartIn(lab.NamespaceB, ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", binary, "-i", lab.VethB, "--events", events]);
        sensor.WaitForOutput($"listening on {lab.VethB}", TimeSpan.FromSeconds(10));
        var status = File.ReadAllLines($"/proc/{sensor.Id}/status");
        lab.InA($"hping3 -S -c 25 -i u1000 -p 7777 {LiveLab.AddressB}");
        sensor.Signal("TERM");
        Assert.Equal(0, sensor.WaitForExit(TimeSpan.FromSeconds(5)));

        Assert.Contains(status, static l => l.StartsWith("Uid:\t65534\t65534", StringComparison.Ordinal));
        Assert.Contains("CapEff:\t0000000000002000", status);
        Assert.DoesNotContain("running as root", sensor.Output, StringComparison.Ordinal);
        var stats = File.ReadAllLines(events).Select(static l => JsonDocument.Parse(l).RootElement).Last();
        Assert.Equal(25, stats.GetProperty("stats").GetProperty("tcp_syn").GetInt64());
    }

    [Fact]
    public void Config_check_names_the_line_and_exits_2_and_a_good_file_exits_0()
    {
        var config = _scratch.File("bad.yaml");
        File.WriteAllText(config, "capture:\n  interface: eth0\n  threads: 0\n");

        var bad = ProcessRunner.Run(Repository.SensorBinary, ["-c", config, "--config.check"]);
        File.WriteAllText(config, "capture:\n  interface: eth0\n  filter: tcp and not port 22\n");
        var good = ProcessRunner.Run(Repository.SensorBinary, ["-c", config, "--config.check"]);

        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"knocksensor: error: {config}:3: capture.threads: needs a whole number from 1 to 64, not '0'", bad.StandardError.Trim());
        Assert.True(good.ExitCode == 0, good.StandardError);
        Assert.Contains($"configuration OK: {config}", good.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void File_errors_are_in_words_not_runtime_resource_keys()
    {
        var missing = _scratch.File("missing.yaml");

        var config = ProcessRunner.Run(Repository.SensorBinary, ["-c", missing, "--config.check"]);
        var capture = ProcessRunner.Run(Repository.SensorBinary, ["-r", _scratch.File("missing.pcap"), "--no-progress"]);

        // A Native AOT build with UseSystemResourceKeys prints "IO_FileNotFound_FileName, …" instead.
        Assert.Equal($"knocksensor: error: {missing}: cannot read the configuration file: Could not find file '{missing}'.", config.StandardError.Trim());
        Assert.Contains("Could not find file", capture.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("IO_", capture.StandardError + config.StandardError, StringComparison.Ordinal);
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        var n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
