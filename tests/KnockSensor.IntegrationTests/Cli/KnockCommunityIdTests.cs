using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Cli;

/// <summary>
/// The published binary's <c>knock</c> events on the shipped sample: each door's shell connection is a real flow of
/// the capture, and its <c>community_id</c> is the one Wireshark's own dissector gives that flow's packets.
/// </summary>
public sealed class KnockCommunityIdTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    /// <summary><c>-r</c> on the sample, and <c>demo</c> on the same packets embedded (with the demo's own settings).</summary>
    [Theory]
    [InlineData("-r")]
    [InlineData("demo")]
    public void Every_knock_shell_connection_has_tsharks_community_id_for_that_flow(string mode)
    {
        var sample = Repository.SampleCapture;
        var run = SensorRun.Start(_scratch, mode == "demo" ? ["demo"] : ["-r", sample]);
        Assert.Equal(0, run.Process.ExitCode);

        var knocks = run.Events.Where(static e => e.GetProperty("event_type").GetString() == "knock").ToList();
        Assert.NotEmpty(knocks);
        var checkedFlows = 0;
        foreach (var knock in knocks)
        {
            var door = knock.GetProperty("knock");
            var hasShell = door.TryGetProperty("shell_port", out var shell);
            Assert.Equal(hasShell, knock.TryGetProperty("community_id", out var communityId));
            if (!hasShell)
            {
                continue;
            }

            // The flow fields describe the connection to knock.shell_port on the door's host.
            Assert.Equal(shell.GetProperty("proto").GetString(), knock.GetProperty("proto").GetString());
            Assert.Equal(shell.GetProperty("port").GetInt32(), knock.GetProperty("dest_port").GetInt32());
            var flow = FlowFilter(knock);
            var fromTshark = TsharkCommunityIds(sample, flow);

            Assert.True(fromTshark.Count > 0, $"no packet of the knock's shell connection in the sample: {flow}");
            Assert.All(fromTshark, id => Assert.Equal(id, communityId.GetString()));
            checkedFlows++;
        }

        // The sample's bastion door lets an SSH connection through (docs/events.md's example).
        Assert.Contains(knocks, static k => k.TryGetProperty("dest_port", out var port) && port.GetInt32() == 22 && k.GetProperty("proto").GetString() == "tcp");
        Assert.True(checkedFlows >= 1, $"{checkedFlows} shell connections checked");
    }

    /// <summary>tshark's Community ID of each packet matching <paramref name="displayFilter"/> (its dissector is off by default).</summary>
    private static List<string> TsharkCommunityIds(string capture, string displayFilter)
    {
        var result = ProcessRunner.Run("tshark", ["-n", "-r", capture, "--enable-protocol", "communityid", "-Y", displayFilter, "-T", "fields", "-e", "communityid"]);
        Assert.True(result.ExitCode == 0, $"tshark exited {result.ExitCode}: {result.StandardError}");
        return [.. result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    /// <summary>A display filter for the packets from the event's <c>src_ip:src_port</c> to <c>dest_ip:dest_port</c>.</summary>
    private static string FlowFilter(JsonElement knock)
    {
        var source = knock.GetProperty("src_ip").GetString()!;
        var ip = source.Contains(':', StringComparison.Ordinal) ? "ipv6" : "ip";
        var proto = knock.GetProperty("proto").GetString();
        return $"{ip}.src=={source} && {ip}.dst=={knock.GetProperty("dest_ip").GetString()} && {proto}.srcport=={knock.GetProperty("src_port").GetInt32()} && {proto}.dstport=={knock.GetProperty("dest_port").GetInt32()} && !icmp && !icmpv6";
    }
}
