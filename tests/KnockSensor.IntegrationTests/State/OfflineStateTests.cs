using System.Globalization;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.State;

/// <summary>
/// Day-by-day files through the published binary: a capture cut into parts and read part after part with one
/// --state-dir gives the same events and knock summary as one run over the whole capture with a state directory.
/// </summary>
public sealed class OfflineStateTests
{
    private const int PartPackets = 70_001;

    [Fact]
    public void A_day_read_in_four_parts_with_one_state_directory_equals_one_run_over_the_day()
    {
        using var scratch = new TempDirectory();
        var day = scratch.File("day.pcap");
        var generated = ProcessRunner.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "knocksensor-gen.dll"), "--profile", "day", "--seed", "1", "--out", day]);
        Assert.True(generated.ExitCode == 0, $"knocksensor-gen failed: {generated.StandardError}");

        // editcap -c splits every N packets: the cuts fall at arbitrary points, inside windows and inside bins.
        var split = ProcessRunner.Run("editcap", ["-c", PartPackets.ToString(CultureInfo.InvariantCulture), day, scratch.File("part.pcap")]);
        Assert.Equal(0, split.ExitCode);
        var parts = Directory.GetFiles(scratch.Path, "part_*.pcap").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(4, parts.Length);

        string[] options = ["--bin-seconds", "60", "--no-progress"];
        var whole = Run(scratch, scratch.File("whole-state"), scratch.File("whole.json"), day, options);
        ProcessResult? last = null;
        var stateDirectory = scratch.File("parts-state");
        foreach (var part in parts)
        {
            last = Run(scratch, stateDirectory, scratch.File("parts.json"), part, options);
        }

        Assert.Contains("state: no snapshot at", whole.StandardError, StringComparison.Ordinal);
        Assert.Contains("state: restored ", last!.StandardError, StringComparison.Ordinal);
        var wholeEvents = File.ReadAllLines(scratch.File("whole.json"));
        var partEvents = File.ReadAllLines(scratch.File("parts.json"));
        Assert.Contains(wholeEvents, static line => line.Contains("\"event_type\":\"knock\"", StringComparison.Ordinal));
        Assert.Contains(wholeEvents, static line => line.Contains("\"event_type\":\"knock_rule\"", StringComparison.Ordinal));
        Assert.Contains(wholeEvents, static line => line.Contains("\"event_type\":\"port_anomaly\"", StringComparison.Ordinal));
        Assert.Equal(OfType(wholeEvents, "knock"), OfType(partEvents, "knock"));
        Assert.Equal(OfType(wholeEvents, "port_anomaly"), OfType(partEvents, "port_anomaly"));
        Assert.Equal(4, OfType(partEvents, "stats").Length);
        Assert.Equal(KnockSummary(whole.StandardOutput), KnockSummary(last.StandardOutput));
        Assert.Equal(Saved(whole.StandardError), Saved(last.StandardError));
    }

    private static ProcessResult Run(TempDirectory scratch, string stateDirectory, string events, string input, string[] options)
    {
        _ = scratch;
        var result = ProcessRunner.Run(Repository.SensorBinary, ["-r", input, "--state-dir", stateDirectory, "--events", events, .. options]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.DoesNotContain("rejected", result.StandardError, StringComparison.Ordinal);
        return result;
    }

    /// <summary>Events whose type starts with <paramref name="eventType"/>, in order (knock covers knock_rule).</summary>
    private static string[] OfType(string[] lines, string eventType) =>
        [.. lines.Where(line => line.Contains($"\"event_type\":\"{eventType}", StringComparison.Ordinal))];

    /// <summary>The detector's part of the summary: port accesses and windows, mining thresholds, rules, knocks.</summary>
    private static string KnockSummary(string stdout)
    {
        var lines = stdout.Split('\n');
        var start = Array.FindIndex(lines, static l => l.StartsWith("port accesses:", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, static l => l.StartsWith("quiescent ports:", StringComparison.Ordinal));
        Assert.True(start >= 0 && end > start, stdout);
        return string.Join('\n', lines[start..end]);
    }

    /// <summary>What the last snapshot holds, from its "saved" line without the size and time.</summary>
    private static string Saved(string stderr)
    {
        var line = stderr.Split('\n').Single(static l => l.Contains("state: saved ", StringComparison.Ordinal));
        var colon = line.IndexOf(": ", line.IndexOf("saved ", StringComparison.Ordinal), StringComparison.Ordinal);
        return line[(colon + 2)..line.LastIndexOf(" (", StringComparison.Ordinal)];
    }
}
