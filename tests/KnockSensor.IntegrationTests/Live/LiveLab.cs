using System.Diagnostics;
using System.Text;
using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Live;

/// <summary>
/// Two network namespaces made for one test, joined by a veth pair: host A (10.203.0.1, and 10.203.0.3 for a second
/// sender) sends, host B (10.203.0.2) runs the published sensor on its end. Names carry a random suffix so tests running side by side do not clash;
/// only addresses inside these namespaces are used. Removed on dispose. Needs root.
/// </summary>
public sealed class LiveLab : IDisposable
{
    public const string AddressA = "10.203.0.1";
    public const string AddressB = "10.203.0.2";

    /// <summary>A second address on A, for a sender that must be told apart from the first (a scanner).</summary>
    public const string SecondAddressA = "10.203.0.3";

    private readonly List<SensorProcess> _sensors = [];

    public LiveLab()
    {
        var suffix = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..8].ToLowerInvariant();
        NamespaceA = "kla" + suffix;
        NamespaceB = "klb" + suffix;
        VethA = "kva" + suffix;
        VethB = "kvb" + suffix;
        Shell($"""
            ip netns add {NamespaceA}; ip netns add {NamespaceB}
            ip link add {VethA} type veth peer name {VethB}
            ip link set {VethA} netns {NamespaceA}; ip link set {VethB} netns {NamespaceB}
            ip -n {NamespaceA} addr add {AddressA}/24 dev {VethA}; ip -n {NamespaceA} addr add {SecondAddressA}/24 dev {VethA}
            ip -n {NamespaceB} addr add {AddressB}/24 dev {VethB}
            ip -n {NamespaceA} link set lo up; ip -n {NamespaceB} link set lo up
            ip -n {NamespaceA} link set {VethA} up; ip -n {NamespaceB} link set {VethB} up
            """);
    }

    public string NamespaceA { get; }

    public string NamespaceB { get; }

    public string VethA { get; }

    public string VethB { get; }

    /// <summary>Runs a command line in namespace A (the sender).</summary>
    public ProcessResult InA(string command, TimeSpan? timeout = null) => Shell($"ip netns exec {NamespaceA} {command}", timeout);

    /// <summary>Starts <c>knocksensor -i VETH-B ARGS --events FILE</c> in namespace B and waits until it listens.</summary>
    public SensorProcess StartSensor(TempDirectory scratch, params string[] arguments)
    {
        var sensor = SensorProcess.Start(NamespaceB, VethB, scratch, arguments);
        _sensors.Add(sensor);
        return sensor;
    }

    public void Dispose()
    {
        foreach (var sensor in _sensors)
        {
            sensor.Dispose();
        }

        Shell($"ip netns del {NamespaceA} 2>/dev/null; ip netns del {NamespaceB} 2>/dev/null; true");
    }

    private static ProcessResult Shell(string script, TimeSpan? timeout = null)
    {
        var result = ProcessRunner.Run("/bin/bash", ["-e", "-c", script], timeout: timeout ?? TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, $"lab command failed ({result.ExitCode}): {script}\n{result.StandardError}");
        return result;
    }
}

/// <summary>The sensor running live in a lab namespace.</summary>
public sealed class SensorProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _events;

    private SensorProcess(Process process, string events)
    {
        _process = process;
        _events = events;
    }

    public static SensorProcess Start(string networkNamespace, string interfaceName, TempDirectory scratch, string[] arguments)
    {
        var events = scratch.File("events-" + Guid.NewGuid().ToString("N") + ".json");
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", networkNamespace, Repository.SensorBinary, "-i", interfaceName }.Concat(arguments).Concat(["--events", events]))
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var sensor = new SensorProcess(process, events);
        process.OutputDataReceived += (_, e) =>
        {
            lock (sensor._stdout)
            {
                sensor._stdout.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (sensor._stderr)
            {
                sensor._stderr.AppendLine(e.Data);
            }

            if (e.Data?.Contains("listening on", StringComparison.Ordinal) == true)
            {
                sensor._listening.TrySetResult();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // `ip netns exec` execs the sensor, so this pid is the sensor's own.
        if (!sensor._listening.Task.Wait(TimeSpan.FromSeconds(20)))
        {
            process.Kill();
            Assert.Fail($"the sensor did not start listening: {sensor.StandardError}");
        }

        return sensor;
    }

    /// <summary>The events written so far, while the sensor runs.</summary>
    public IReadOnlyList<JsonElement> EventsSoFar() => File.Exists(_events)
        ? File.ReadLines(_events).Where(static line => line.EndsWith('}')).Select(static line => JsonDocument.Parse(line).RootElement.Clone()).ToList()
        : [];

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Sends SIGTERM and waits for the sensor to drain, report and exit, which it must do within
    /// <paramref name="deadline"/>; returns the exit code, output and parsed events.
    /// </summary>
    public LiveResult Terminate(TimeSpan deadline)
    {
        var kill = ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Equal(0, kill.ExitCode);
        Assert.True(_process.WaitForExit(deadline), $"the sensor did not exit within {deadline.TotalSeconds} s of SIGTERM");
        _process.WaitForExit();
        var events = File.Exists(_events)
            ? File.ReadLines(_events).Select(static line => JsonDocument.Parse(line).RootElement.Clone()).ToList()
            : [];
        lock (_stdout)
        {
            return new LiveResult(_process.ExitCode, _stdout.ToString(), StandardError, events);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

/// <summary>What a live run left behind.</summary>
public sealed record LiveResult(int ExitCode, string StandardOutput, string StandardError, IReadOnlyList<JsonElement> Events)
{
    /// <summary>The <c>stats</c> object of the last event (which must be the stats event).</summary>
    public JsonElement Stats
    {
        get
        {
            Assert.True(Events.Count > 0, "no events were written: " + StandardError);
            Assert.Equal("stats", Events[^1].GetProperty("event_type").GetString());
            return Events[^1].GetProperty("stats");
        }
    }

    /// <summary>The <c>capture</c> object (kernel counters, VLAN ids) written just before the stats event.</summary>
    public JsonElement Capture => Events.Single(static e => e.GetProperty("event_type").GetString() == "capture").GetProperty("capture");

    public long Stat(string name) => Stats.GetProperty(name).GetInt64();

    public long CaptureStat(string name) => Capture.GetProperty(name).GetInt64();
}
