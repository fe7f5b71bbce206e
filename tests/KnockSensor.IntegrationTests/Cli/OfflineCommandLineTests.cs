using System.Text.RegularExpressions;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Cli;

/// <summary>
/// The published AOT binary's offline command line, checked against tshark, tcpdump, editcap and gzip on the
/// shipped sample capture and on files derived from it.
/// </summary>
public sealed class OfflineCommandLineTests : IDisposable
{
    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Help_explains_usage_and_exits_zero()
    {
        var result = ProcessRunner.Run(Repository.SensorBinary, ["--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.StandardOutput);
        Assert.Contains("-r, --read PATH", result.StandardOutput);
        Assert.Contains("Exit status:", result.StandardOutput);
    }

    [Fact]
    public void Version_names_the_program_and_version()
    {
        var result = ProcessRunner.Run(Repository.SensorBinary, ["--version"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^knocksensor \d+\.\d+\.\d+ \(revision ([0-9a-f]+|unknown)\)", result.StandardOutput);
    }

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("-r", "option '-r' needs a value")]
    [InlineData("stray", "unexpected argument 'stray'")]
    public void Usage_errors_exit_two_with_one_clear_line(string argument, string message)
    {
        var result = ProcessRunner.Run(Repository.SensorBinary, [argument]);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("knocksensor: " + message, result.StandardError);
        Assert.DoesNotContain("   at ", result.StandardError);
    }

    [Fact]
    public void Sample_counts_equal_tshark()
    {
        var sample = Repository.SampleCapture;
        var run = SensorRun.Start(_scratch, ["-r", sample]);

        Assert.Equal(0, run.Process.ExitCode);
        Assert.Contains("packets:", run.Process.StandardOutput);
        Assert.Contains("top destination ports", run.Process.StandardOutput);
        Assert.Equal(Tshark.Frames(sample), run.Stat("packets"));
        Assert.Equal(Tshark.Count(sample, "tcp.flags.syn==1 && tcp.flags.ack==0"), run.Stat("tcp_syn"));
        // ICMP errors quote the datagram they answer, and tshark dissects the quoted UDP header too: exclude those.
        Assert.Equal(Tshark.Count(sample, "udp && !icmp && !icmpv6"), run.Stat("udp"));
        Assert.Equal(Tshark.Count(sample, "icmp"), run.Stat("icmp"));
        Assert.True(run.Stat("tcp_syn") > 0 && run.Stat("udp") > 0, "the sample should contain SYNs and UDP");
    }

    [Fact]
    public void Demo_analyses_the_embedded_sample_like_the_file()
    {
        var fromFile = SensorRun.Start(_scratch, ["-r", Repository.SampleCapture]);
        var demo = SensorRun.Start(_scratch, ["demo"]);

        Assert.Equal(0, demo.Process.ExitCode);
        Assert.Contains("embedded sample", demo.Process.StandardOutput);
        foreach (var field in new[] { "packets", "bytes", "tcp", "tcp_syn", "udp", "icmp", "icmpv6", "ipv6", "vlan_tagged", "not_ip" })
        {
            Assert.Equal(fromFile.Stat(field), demo.Stat(field));
        }
    }

    [Fact]
    public void Standard_input_stream_from_tcpdump_gives_the_same_counts()
    {
        var fromFile = SensorRun.Start(_scratch, ["-r", Repository.SampleCapture]);
        var piped = _scratch.File("piped.pcap");
        var tcpdump = ProcessRunner.Run("tcpdump", ["-r", Repository.SampleCapture, "-w", piped]);
        Assert.Equal(0, tcpdump.ExitCode);

        var fromStdin = SensorRun.Start(_scratch, ["-r", "-"], standardInputFile: piped);

        Assert.Equal(0, fromStdin.Process.ExitCode);
        Assert.Equal(fromFile.Stat("packets"), fromStdin.Stat("packets"));
        Assert.Equal(fromFile.Stat("tcp_syn"), fromStdin.Stat("tcp_syn"));
        Assert.Equal(fromFile.Stat("udp"), fromStdin.Stat("udp"));
    }

    [Theory]
    [InlineData("pcapng")]
    [InlineData("nsecpcap")]
    public void Editcap_conversions_and_gzip_give_the_same_counts(string format)
    {
        var fromFile = SensorRun.Start(_scratch, ["-r", Repository.SampleCapture]);
        var converted = _scratch.File("converted." + format);
        Assert.Equal(0, ProcessRunner.Run("editcap", ["-F", format, Repository.SampleCapture, converted]).ExitCode);
        var gzipped = _scratch.File("compressed-" + format + ".gz");
        Assert.Equal(0, ProcessRunner.Shell($"gzip -c '{converted}' > '{gzipped}'").ExitCode);

        foreach (var input in new[] { converted, gzipped })
        {
            var run = SensorRun.Start(_scratch, ["-r", input]);
            Assert.Equal(0, run.Process.ExitCode);
            Assert.Equal(fromFile.Stat("packets"), run.Stat("packets"));
            Assert.Equal(fromFile.Stat("tcp_syn"), run.Stat("tcp_syn"));
            Assert.Equal(fromFile.Stat("udp"), run.Stat("udp"));
            Assert.Equal(fromFile.Stat("bytes"), run.Stat("bytes"));
        }
    }

    [Fact]
    public void Directory_input_reads_captures_in_name_order_and_skips_other_files()
    {
        var dir = Directory.CreateDirectory(_scratch.File("captures")).FullName;
        File.Copy(Repository.SampleCapture, Path.Combine(dir, "b.pcap"));
        Assert.Equal(0, ProcessRunner.Run("editcap", ["-F", "pcapng", Repository.SampleCapture, Path.Combine(dir, "a.pcapng")]).ExitCode);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a capture\n");
        var single = SensorRun.Start(_scratch, ["-r", Repository.SampleCapture]);

        var run = SensorRun.Start(_scratch, ["-r", dir]);

        Assert.Equal(0, run.Process.ExitCode);
        Assert.Equal(2 * single.Stat("packets"), run.Stat("packets"));
        var inputs = run.Stats.GetProperty("inputs").EnumerateArray().Select(i => Path.GetFileName(i.GetProperty("path").GetString() ?? "")).ToArray();
        Assert.Equal(["a.pcapng", "b.pcap"], inputs);
    }

    [Fact]
    public void Truncated_capture_is_read_up_to_the_damage_then_reported_with_offset_and_exit_one()
    {
        var bytes = File.ReadAllBytes(Repository.SampleCapture);
        var cut = bytes.Length * 2 / 3 + 5;
        var truncated = _scratch.File("truncated.pcap");
        File.WriteAllBytes(truncated, bytes[..cut]);

        var run = SensorRun.Start(_scratch, ["-r", truncated]);

        Assert.Equal(1, run.Process.ExitCode);
        var errorLine = Assert.Single(run.Process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var match = Regex.Match(errorLine, @"^knocksensor: error: (?<path>.+): offset (?<offset>\d+): (?<reason>.+)$");
        Assert.True(match.Success, errorLine);
        Assert.Equal(truncated, match.Groups["path"].Value);
        var offset = long.Parse(match.Groups["offset"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(offset, 24, cut);
        Assert.Equal(Tshark.Frames(truncated), run.Stat("packets"));
        Assert.Contains("DAMAGED", run.Process.StandardOutput);
    }

    [Fact]
    public void Damage_in_one_input_does_not_stop_the_next()
    {
        var garbage = _scratch.File("garbage.pcap");
        File.WriteAllBytes(garbage, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        var single = SensorRun.Start(_scratch, ["-r", Repository.SampleCapture]);

        var run = SensorRun.Start(_scratch, ["-r", garbage, "-r", Repository.SampleCapture, "-r", _scratch.File("missing.pcap")]);

        Assert.Equal(1, run.Process.ExitCode);
        Assert.Equal(single.Stat("packets"), run.Stat("packets"));
        var errors = run.Process.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, errors.Length);
        Assert.StartsWith($"knocksensor: error: {garbage}: offset 0: ", errors[0]);
        Assert.StartsWith($"knocksensor: error: {_scratch.File("missing.pcap")}: ", errors[1]);
        Assert.DoesNotContain("   at ", run.Process.StandardError);
    }
}
