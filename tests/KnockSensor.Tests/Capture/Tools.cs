using System.Diagnostics;

namespace KnockSensor.Tests.Capture;

/// <summary>Runs the capture tools the fixtures are written with (tcpdump, editcap, mergecap, tshark, gzip).</summary>
internal static class Tools
{
    public static string Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish");
        }

        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>gzip with the real tool, keeping the original; returns the .gz path.</summary>
    public static string Gzip(string path)
    {
        Run("gzip", "-k", "-f", path);
        return path + ".gz";
    }
}
