using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KnockSensor.Cli;
using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.IntegrationTests.Live;
using KnockSensor.State;

namespace KnockSensor.IntegrationTests.State;

/// <summary>
/// The published sensor capturing live in a lab namespace with a snapshot every second, stopped again and again at
/// seeded random moments by SIGTERM or SIGKILL and started again on the same state directory. Needs root.
/// </summary>
public sealed partial class LiveRestartTests
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void Sigterm_keeps_everything_up_to_the_stop_and_sigkill_never_leaves_a_torn_snapshot()
    {
        using var lab = new LiveLab();
        using var scratch = new TempDirectory();
        var stateDirectory = scratch.File("state");
        var snapshot = Path.Combine(stateDirectory, StateStore.FileName);
        string[] arguments = ["--state-dir", stateDirectory, "--state-interval", "1", "--window-size", "10"];
        var fingerprint = StateFingerprint.Of(DetectorSettings.From(CommandLineParser.Parse(["-r", "x", "--window-size", "10"])), null);

        var random = new Random(20261123);
        var stops = new[] { "TERM", "KILL", "TERM", "KILL", "KILL", "TERM" }.OrderBy(_ => random.Next()).ToArray();
        long restoredBefore = 0;
        long? heldAtStop = null;
        for (var round = 0; round < stops.Length; round++)
        {
            var started = DateTime.UtcNow;
            var sensor = lab.StartSensor(scratch, arguments);

            // Connection attempts to one port from ever-changing source ports: windows close steadily and no source
            // looks like a scanner. 500 a second.
            var traffic = Background(lab.NamespaceA, "timeout", "30", "hping3", "-q", "-S", "-p", "80", "-i", "u2000", LiveLab.AddressB);
            var startup = sensor.StandardError;
            Assert.False(startup.Contains("rejected", StringComparison.Ordinal) || startup.Contains("corrupt", StringComparison.Ordinal), $"round {round}: {startup}");
            if (round == 0)
            {
                Assert.Contains("state: no snapshot at", startup, StringComparison.Ordinal);
            }
            else
            {
                var restored = Windows(RestoredPattern(), startup);
                Assert.True(restored >= restoredBefore, $"round {round}: restored {restored} windows, fewer than the {restoredBefore} restored before");
                if (heldAtStop is { } held)
                {
                    Assert.Equal(held, restored);
                }

                restoredBefore = restored;
            }

            // Let at least one periodic snapshot of this run land, then stop at a random moment among the next ones.
            WaitFor(() => File.Exists(snapshot) && File.GetLastWriteTimeUtc(snapshot) > started, TimeSpan.FromSeconds(10), "a periodic snapshot");
            Thread.Sleep(random.Next(0, 1500));

            if (stops[round] == "TERM")
            {
                // The traffic stops first: the live pipeline's final drain runs until the kernel has nothing more to
                // hand over, so under unbroken traffic SIGTERM takes seconds to end the run (a capture-worker matter).
                traffic.Dispose();
                var result = sensor.Terminate(ExitDeadline);
                Assert.True(result.ExitCode == 0, result.StandardError);
                var reported = Windows(SummaryPattern(), result.StandardOutput);
                var saved = Windows(SavedPattern(), result.StandardError);
                Assert.True(reported > restoredBefore || round == 0, $"round {round}: the run closed no windows ({reported})");
                Assert.Equal(reported, saved);
                heldAtStop = saved;
            }
            else
            {
                Kill(lab.NamespaceB);
                traffic.Dispose();
                heldAtStop = null;
            }

            // Whatever the stop, the name points at a complete snapshot for these options.
            var read = SnapshotFile.Read(snapshot, fingerprint);
            Assert.True(read.Status == SnapshotStatus.Ok, $"round {round} ({stops[round]}): {read.Status}: {read.Reason}");
        }

        Assert.Empty(Directory.GetFiles(stateDirectory, StateStore.FileName + ".rejected-*"));
    }

    [GeneratedRegex(@"state: restored \S+ \(taken [^)]*\): (\d+) windows closed")]
    private static partial Regex RestoredPattern();

    [GeneratedRegex(@"state: saved \S+: (\d+) windows closed")]
    private static partial Regex SavedPattern();

    [GeneratedRegex(@"port accesses:\s+[\d,]+ in ([\d,]+) windows")]
    private static partial Regex SummaryPattern();

    private static long Windows(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        Assert.True(match.Success, $"'{pattern}' not found in:\n{text}");
        return long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>SIGKILL to every process of the sensor's namespace (only the sensor runs there), then waits until it is gone.</summary>
    private static void Kill(string networkNamespace)
    {
        var pids = ProcessRunner.Run("ip", ["netns", "pids", networkNamespace]).StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(pids);
        Assert.Equal(0, ProcessRunner.Run("kill", ["-KILL", .. pids]).ExitCode);
        WaitFor(() => ProcessRunner.Run("ip", ["netns", "pids", networkNamespace]).StandardOutput.Trim().Length == 0, ExitDeadline, "the killed sensor to go");
    }

    private static void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, $"waited {timeout.TotalSeconds} s for {what}");
            Thread.Sleep(50);
        }
    }

    private static BackgroundProcess Background(string networkNamespace, params string[] command)
    {
        var info = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", networkNamespace }.Concat(command))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + string.Join(' ', command));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BackgroundProcess(process);
    }

    private sealed class BackgroundProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
