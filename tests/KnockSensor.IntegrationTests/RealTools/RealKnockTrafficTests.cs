using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.RealTools;

/// <summary>
/// Traffic from the real tools, in network namespaces made for the test (Infrastructure/knock-lab.sh): knockd's
/// <c>knock</c> client opening a real knockd door, hping3 SYNs (cd00r style) and an nmap SYN scan, captured live by
/// tcpdump and streamed into the sensor with <c>tcpdump -w - | knocksensor -r -</c>. The sensor's counts must equal
/// tshark's on the same bytes, and the knock must be in them.
/// </summary>
public sealed class RealKnockTrafficTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Live_tcpdump_stream_of_real_knock_tools_is_counted_like_tshark_counts_it()
    {
        var lab = ProcessRunner.Run("/bin/bash", [Path.Combine(Repository.Root, "tests/KnockSensor.IntegrationTests/Infrastructure/knock-lab.sh"), Repository.SensorBinary, _scratch.Path], timeout: TimeSpan.FromMinutes(1));
        Assert.True(lab.ExitCode == 0, $"knock lab failed: {lab.StandardError}");
        Assert.True(File.Exists(_scratch.File("door-opened")), "knockd did not open its door: the knock was not real");
        Assert.Equal("0", File.ReadAllText(_scratch.File("sensor.rc")).Trim());

        var capture = _scratch.File("capture.pcap");
        var stats = LastStats(_scratch.File("events.json"));
        Assert.Equal(Tshark.Frames(capture), stats.GetProperty("packets").GetInt64());
        // Outermost headers only: an ICMP error quotes the UDP or TCP header that caused it, and tshark's "udp"
        // matches the quote too (the closed udp/8000 of the knock draws a port unreachable).
        Assert.Equal(Tshark.Count(capture, "tcp.flags.syn == 1 && tcp.flags.ack == 0 && !icmp"), stats.GetProperty("tcp_syn").GetInt64());
        Assert.Equal(Tshark.Count(capture, "udp && !icmp"), stats.GetProperty("udp").GetInt64());
        Assert.Equal(Tshark.Count(capture, "icmp"), stats.GetProperty("icmp").GetInt64());

        // The knock (tcp 7000, udp 8000, tcp 9000), the hping3 SYNs and the 200-port scan are all in the stream.
        Assert.Equal(1, Tshark.Count(capture, "tcp.dstport == 7000 && tcp.flags.syn == 1"));
        Assert.Equal(1, Tshark.Count(capture, "udp.dstport == 8000 && !icmp"));
        Assert.True(stats.GetProperty("tcp_syn").GetInt64() >= 2 + 3 + 200, "the knock, hping3 and nmap SYNs should all be counted");
    }

    private static JsonElement LastStats(string eventsPath)
    {
        var last = File.ReadLines(eventsPath).Last();
        using var document = JsonDocument.Parse(last);
        var root = document.RootElement;
        Assert.Equal("stats", root.GetProperty("event_type").GetString());
        return root.GetProperty("stats").Clone();
    }
}
