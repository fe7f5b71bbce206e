using System.Globalization;

namespace KnockSensor.IntegrationTests.Infrastructure;

/// <summary>
/// Counts from tshark, the independent reference. Reassembly is off so that every frame is dissected on its own,
/// as the sensor sees it.
/// </summary>
public static class Tshark
{
    /// <summary>Frames matching a display filter.</summary>
    public static long Count(string capture, string displayFilter)
    {
        var result = ProcessRunner.Run("tshark", ["-n", "-r", capture, "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-Y", displayFilter, "-T", "fields", "-e", "frame.number"]);
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>All frames tshark can read (up to any damage).</summary>
    public static long Frames(string capture)
    {
        var result = ProcessRunner.Run("tshark", ["-n", "-r", capture, "-T", "fields", "-e", "frame.number"]);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? 0 : long.Parse(lines[^1], CultureInfo.InvariantCulture);
    }
}
