using System.Text.Json;
using KnockSensor.Cli;
using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

public sealed class QuiescentCommandLineTests
{
    [Fact]
    public void Home_networks_and_bin_length_are_parsed()
    {
        var options = CommandLineParser.Parse(["-r", "x.pcap", "--home-net", "10.0.0.0/8,2001:db8::/32", "--bin-seconds=60"]);
        Assert.Equal(["10.0.0.0/8", "2001:db8::/32"], options.HomeNetworks.Prefixes);
        Assert.Equal(60, options.BinSeconds);
        Assert.True(options.Quiescent);
        Assert.True(CommandLineParser.Parse(["-r", "x.pcap", "--home-net", "10.0.0.0/8"]).Quiescent);

        // Without either option the monitor stays off (it is opt-in: it costs more per packet than the rest).
        var defaults = CommandLineParser.Parse(["-r", "x.pcap"]);
        Assert.False(defaults.Quiescent);
        Assert.Equal(0, defaults.HomeNetworks.Count);
        Assert.Equal(3600, defaults.BinSeconds);
    }

    [Theory]
    [InlineData(new[] { "-r", "x", "--home-net", "10.0.0.0/40" }, "--home-net: home network '10.0.0.0/40': prefix length must be a whole number from 0 to 32, not '40'")]
    [InlineData(new[] { "-r", "x", "--home-net", "intranet" }, "--home-net: home network 'intranet': 'intranet' is not an IPv4 or IPv6 address")]
    [InlineData(new[] { "-r", "x", "--bin-seconds", "59" }, "--bin-seconds needs a whole number of seconds from 60 to 86400, not '59'")]
    [InlineData(new[] { "-r", "x", "--bin-seconds", "1h" }, "not '1h'")]
    [InlineData(new[] { "advise", "-r", "x", "--bin-seconds", "60" }, "--home-net and --bin-seconds belong to -r and demo")]
    public void Bad_values_are_refused_with_a_clear_message(string[] args, string expected)
    {
        var error = Assert.Throws<CommandLineException>(() => CommandLineParser.Parse(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_offline_run_feeds_the_monitor_prints_its_line_and_keeps_stats_last()
    {
        var events = Path.Combine(Path.GetTempPath(), $"ks-quiescent-{Guid.NewGuid():N}.json");
        try
        {
            using var stdout = new StringWriter();
            var exit = CommandLine.Run(["demo", "--events", events, "--bin-seconds", "60", "--no-progress"], stdout, TextWriter.Null);
            Assert.Equal(ExitCodes.Success, exit);
            using var plain = new StringWriter();
            CommandLine.Run(["demo", "--no-progress"], plain, TextWriter.Null);
            Assert.DoesNotContain("quiescent ports:", plain.ToString(), StringComparison.Ordinal);

            var line = stdout.ToString().Split('\n').Single(l => l.StartsWith("quiescent ports: ", StringComparison.Ordinal));
            Assert.Contains(" bins of 60 s, 0 anomalies", line, StringComparison.Ordinal);
            Assert.Contains("still learning", line, StringComparison.Ordinal);
            var bins = int.Parse(line["quiescent ports: ".Length..line.IndexOf(' ', "quiescent ports: ".Length)], System.Globalization.CultureInfo.InvariantCulture);
            // The sample spans five minutes: five or six minute bins depending on where it starts in the minute.
            Assert.InRange(bins, 5, 6);

            var lines = File.ReadAllLines(events);
            using var last = JsonDocument.Parse(lines[^1]);
            Assert.Equal("stats", last.RootElement.GetProperty("event_type").GetString());
        }
        finally
        {
            File.Delete(events);
        }
    }

    [Fact]
    public void The_monitor_sees_other_ip_protocols_through_the_offline_sink()
    {
        var monitor = new QuiescentMonitor(new QuiescentOptions { BinSeconds = 60 });
        var counters = new KnockSensor.Decode.DecodeCounters();
        using var stages = new KnockSensor.Offline.StagePipeline(null, monitor, threaded: false);
        var sink = new KnockSensor.Offline.DecodingSink(counters, stages);
        // An Ethernet + IPv4 frame carrying GRE (protocol 47), 20-byte header, no payload.
        byte[] frame =
        [
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
            0x45, 0, 0, 20, 0, 1, 0, 0, 64, 47, 0, 0, 192, 0, 2, 1, 10, 0, 0, 1,
        ];
        var info = new KnockSensor.Capture.FrameInfo(QuiescentTraffic.OriginNs, frame.Length, KnockSensor.Capture.LinkType.Ethernet);
        sink.OnFrame(info, frame);
        stages.Complete();
        Assert.Equal(1, monitor.Packets);
    }
}
