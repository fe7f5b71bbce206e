using System.Diagnostics;
using System.Globalization;

namespace KnockSensor.IntegrationTests.Infrastructure;

/// <summary>A program started in the background; its output is collected; dispose stops it by its own pid.</summary>
internal sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    public BackgroundProcess(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts <paramref name="command"/> in <paramref name="networkNamespace"/> with <c>ip netns exec</c>, which execs it,
    /// so <see cref="Id"/> is the program's own pid.
    /// </summary>
    public static BackgroundProcess StartIn(string networkNamespace, IEnumerable<string> command)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", networkNamespace }.Concat(command))
        {
            info.ArgumentList.Add(argument);
        }

        return new BackgroundProcess(Process.Start(info)!);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Standard output and standard error, as they came.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/> (a name for kill, e.g. HUP) to the program.</summary>
    public void Signal(string signal) =>
        Assert.Equal(0, ProcessRunner.Run("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)]).ExitCode);

    /// <summary>Waits until the program has printed <paramref name="text"/>.</summary>
    public void WaitForOutput(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(deadline.Elapsed < timeout, $"no '{text}' in the output:\n{Output}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Waits for the program to end by itself; returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), "the program did not finish in time: " + Output);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // `ip netns exec` execs the program, so this pid is the program's own.
            ProcessRunner.Run("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill();
            }

            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
