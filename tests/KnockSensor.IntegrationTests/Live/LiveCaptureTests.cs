using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Live;

/// <summary>
/// The published binary capturing live (<c>-i</c>) on one end of a veth pair in namespaces made for the test, with real
/// tools sending from the other end: every frame sent is counted, filters hold, VLAN ids survive the kernel's tag
/// stripping, kernel drops are accounted for, SIGTERM ends the run cleanly, and a missing CAP_NET_RAW is one clear line.
/// </summary>
public sealed class LiveCaptureTests : IDisposable
{
    /// <summary>SIGTERM to exit: the sensor drains its rings, flushes and reports within this (the operator's promise).</summary>
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(2);

    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [InlineData("afpacket", 1)]
    [InlineData("afpacket", 2)]
    [InlineData("libpcap", 1)]
    public void Every_hping3_syn_is_counted_and_sigterm_ends_the_run_cleanly(string backend, int threads)
    {
        const int Syns = 200;
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--capture", backend, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));

        lab.InA($"hping3 -S -c {Syns} -i u1000 -p 7777 {LiveLab.AddressB}");
        var run = sensor.Terminate(ExitDeadline);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(Syns, run.Stat("tcp_syn"));
        Assert.True(run.Stat("tcp") >= 2 * Syns, "each SYN to a closed port draws a RST, which is captured too");
        Assert.Equal(backend, run.Capture.GetProperty("backend").GetString());
        Assert.Equal(threads, run.CaptureStat("threads"));
        Assert.Equal(0, run.CaptureStat("kernel_drops"));

        // The kernel's count includes drops; every frame it delivered was decoded.
        AssertDeliveredFramesDecoded(run);
        Assert.Contains("SYN without ACK: 200", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("afpacket", "tcp dst port 7777")]
    [InlineData("libpcap", "tcp dst port 7777")]
    public void A_trailing_bpf_expression_filters_in_the_kernel(string backend, string filter)
    {
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, ["--capture", backend, .. filter.Split(' ')]);

        lab.InA($"hping3 -S -c 30 -i u2000 -p 7777 {LiveLab.AddressB}");
        lab.InA($"hping3 -S -c 40 -i u2000 -p 8888 {LiveLab.AddressB}");
        lab.InA(UdpDatagrams(10, 7777));
        var run = sensor.Terminate(ExitDeadline);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(30, run.Stat("packets"));
        Assert.Equal(30, run.Stat("tcp_syn"));
        Assert.Equal(0, run.Stat("udp"));
        Assert.Equal(30, run.CaptureStat("kernel_packets"));
    }

    [Fact]
    public void A_filter_file_is_read_with_dash_capital_f()
    {
        var file = _scratch.File("filter.bpf");
        File.WriteAllText(file, "udp and\n dst port 5353\n");
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "-F", file);

        lab.InA(UdpDatagrams(12, 5353));
        lab.InA($"hping3 -S -c 12 -i u2000 -p 5353 {LiveLab.AddressB}");
        var run = sensor.Terminate(ExitDeadline);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(12, run.Stat("udp"));
        Assert.Equal(0, run.Stat("tcp"));
    }

    [Theory]
    [InlineData("afpacket")]
    [InlineData("libpcap")]
    public void Vlan_tagged_traffic_keeps_its_vlan_id(string backend)
    {
        const int Syns = 50;
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--capture", backend, "tcp or vlan");

        // 802.1Q-tagged SYNs (VLAN 42, priority 5) put on the wire from A with tcpreplay. B's kernel takes the tag out of
        // the frame on receive and carries it beside it: AF_PACKET reports it in tp_vlan_tci, libpcap puts it back.
        // (This kernel has no 8021q module, so the tag cannot come from a VLAN sub-interface.)
        var pcap = _scratch.File("vlan42.pcap");
        File.WriteAllBytes(pcap, VlanFrames.TaggedSynCapture(Syns, vlanId: 42, priority: 5));
        lab.InA($"tcpreplay -q -i {lab.VethA} {pcap}");
        var run = sensor.Terminate(ExitDeadline);

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(Syns, run.Stat("tcp_syn"));
        Assert.Equal(Syns, run.Stat("vlan_tagged"));
        var vlans = run.Capture.GetProperty("vlans").EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.GetInt64());
        Assert.Equal(["42"], vlans.Keys);
        Assert.Equal(Syns, vlans["42"]);
        Assert.Contains($"vlan ids:        42 ({Syns})", run.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("afpacket")]
    [InlineData("libpcap")]
    public void A_deliberately_slow_consumer_shows_up_as_kernel_drops(string backend)
    {
        const int Syns = 3000;
        using var lab = new LiveLab();

        // Test-only --consumer-delay-us: 2 ms per port event; two 4 KiB ring blocks (AF_PACKET) or libpcap's smallest
        // buffer (block size x blocks = 64 KiB) hold little.
        var sensor = lab.StartSensor(_scratch, "--capture", backend, "--ring-blocks", backend == "libpcap" ? "16" : "2", "--ring-block-size", "4096", "--consumer-delay-us", "2000");
        lab.InA($"hping3 -S -c {Syns} -i u100 -p 9999 {LiveLab.AddressB}");
        var run = sensor.Terminate(TimeSpan.FromSeconds(5));

        Assert.True(run.ExitCode == 0, run.StandardError);
        var kernelPackets = run.CaptureStat("kernel_packets");
        var drops = run.CaptureStat("kernel_drops");
        Assert.True(drops > 0, "a consumer far slower than the traffic must make the kernel drop");
        Assert.True(kernelPackets >= Syns, $"the kernel saw {kernelPackets} frames, fewer than the {Syns} SYNs sent");
        AssertDeliveredFramesDecoded(run);
        Assert.True(run.Stat("tcp_syn") < Syns);
    }

    [Theory]
    [InlineData("afpacket")]
    [InlineData("libpcap")]
    public void Without_cap_net_raw_the_sensor_says_what_is_missing_in_one_line(string backend)
    {
        // As root, but with CAP_NET_RAW removed from the bounding set before the sensor is executed.
        var result = ProcessRunner.Run("capsh", ["--drop=cap_net_raw", "--", "-c", $"exec {Repository.SensorBinary} -i lo --capture {backend}"], timeout: TimeSpan.FromSeconds(30));

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("CAP_NET_RAW", lines[0], StringComparison.Ordinal);
        Assert.Contains("setcap cap_net_raw+ep", lines[0], StringComparison.Ordinal);
        Assert.Contains("systemd", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>
    /// <paramref name="count"/> UDP datagrams to B through bash's /dev/udp (hping3 --udp sometimes aborts in glibc's
    /// malloc on this system; one datagram per write, nothing else on the wire but ARP).
    /// </summary>
    private static string UdpDatagrams(int count, int port) =>
        $"bash -c 'for i in $(seq {count}); do echo knock > /dev/udp/{LiveLab.AddressB}/{port}; done'";

    /// <summary>
    /// Frames decoded = kernel packets − kernel drops, up to a frame or two the kernel counts after the final drain (an
    /// IPv6 neighbour solicitation of the fresh veth arriving between the drain and the last counter read).
    /// </summary>
    private static void AssertDeliveredFramesDecoded(LiveResult run)
    {
        var delivered = run.CaptureStat("kernel_packets") - run.CaptureStat("kernel_drops");
        var decoded = run.Stat("packets");
        Assert.True(decoded <= delivered && delivered - decoded <= 2, $"decoded {decoded} frames, the kernel delivered {delivered}");
    }
}
