using System.Collections.Concurrent;
using KnockSensor.Capture;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.RealCaptures;

/// <summary>
/// Captures no one on this project wrote: the test corpus of nDPI (Debian source package ndpi, tests/pcap).
/// Every file is read without a crash, and per file the TCP SYN (without ACK) and UDP counts equal tshark's.
/// </summary>
/// <remarks>
/// tshark decodes more encapsulations than the sensor (PPP, Cisco HDLC, MPLS, FabricPath, …) and dissects tunnels.
/// The reference therefore counts a frame only by its outermost IP header's transport, and only when everything
/// before that IP header is an encapsulation the sensor decodes; frames behind other encapsulations are expected
/// to be uncounted by the sensor too (it sees them as not IP or as an unsupported link type), so the totals must
/// still agree exactly.
/// </remarks>
public sealed class NdpiCorpusTests
{
    private static readonly HashSet<string> DecodedEncapsulations = ["eth", "ethertype", "vlan", "ieee8021ad", "sll", "raw", "null", "loop"];
    private static readonly HashSet<string> Ipv6ExtensionHeaders = ["ipv6.hopopts", "ipv6.routing", "ipv6.dstopts", "ipv6.fraghdr"];

    [Fact]
    public void Every_corpus_file_matches_tshark_syn_and_udp_counts()
    {
        var files = CaptureInputs.Expand(Repository.NdpiCorpus);
        Assert.True(files.Count >= 200, $"expected the whole nDPI corpus, found {files.Count} captures");

        var mismatches = new ConcurrentBag<string>();
        long compared = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, file =>
        {
            var ours = CountWithSensorLibrary(file);
            var reference = CountWithTshark(file);
            Interlocked.Add(ref compared, reference.Frames);
            if (ours.TcpSyn != reference.TcpSyn || ours.Udp != reference.Udp)
            {
                mismatches.Add($"{Path.GetFileName(file)}: sensor syn={ours.TcpSyn} udp={ours.Udp}, tshark syn={reference.TcpSyn} udp={reference.Udp}");
            }
        });

        Assert.True(mismatches.IsEmpty, "count mismatches:\n" + string.Join('\n', mismatches.OrderBy(static m => m, StringComparer.Ordinal)));
        Assert.True(compared > 50_000, $"only {compared} frames compared");
    }

    [Fact]
    public void The_AOT_binary_reads_the_whole_corpus_without_crashing()
    {
        using var scratch = new TempDirectory();
        var run = SensorRun.Start(scratch, ["-r", Repository.NdpiCorpus]);

        Assert.True(run.Process.ExitCode is 0 or 1, $"exit {run.Process.ExitCode}: {run.Process.StandardError}");
        Assert.DoesNotContain("Unhandled exception", run.Process.StandardError);
        Assert.DoesNotContain("   at ", run.Process.StandardError);
        var expectedPackets = CaptureInputs.Expand(Repository.NdpiCorpus).Sum(static f => CountWithSensorLibrary(f).Frames);
        Assert.Equal(expectedPackets, run.Stat("packets"));
    }

    private static (long Frames, long TcpSyn, long Udp) CountWithSensorLibrary(string file)
    {
        using var reader = CaptureFileReader.Open(file);
        var sink = new CountingSink(new DecodeCounters());
        reader.ReadAll(ref sink);
        return (sink.Counters.Frames, sink.Counters.TcpSyn, sink.Counters.Udp);
    }

    private static (long Frames, long TcpSyn, long Udp) CountWithTshark(string file)
    {
        var result = ProcessRunner.Run("tshark", ["-n", "-r", file, "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
            "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f", "-e", "frame.protocols", "-e", "tcp.flags"]);
        long frames = 0, syn = 0, udp = 0;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            frames++;
            var columns = line.Split('\t');
            switch (OutermostTransport(columns[0].Split(':')))
            {
                case "tcp":
                    var flags = Convert.ToInt32(columns[1], 16);
                    if ((flags & 0x12) == 0x02)
                    {
                        syn++;
                    }

                    break;
                case "udp":
                    udp++;
                    break;
            }
        }

        return (frames, syn, udp);
    }

    /// <summary>The protocol after the outermost IP header, or null when the sensor would not reach it.</summary>
    private static string? OutermostTransport(string[] protocols)
    {
        var ip = Array.FindIndex(protocols, static p => p is "ip" or "ipv6");
        if (ip < 0 || !protocols.Take(ip).All(DecodedEncapsulations.Contains))
        {
            return null;
        }

        var next = ip + 1;
        while (next < protocols.Length && Ipv6ExtensionHeaders.Contains(protocols[next]))
        {
            next++;
        }

        return next < protocols.Length ? protocols[next] : null;
    }

    private readonly struct CountingSink(DecodeCounters counters) : IFrameSink
    {
        public DecodeCounters Counters { get; } = counters;

        public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
        {
            var status = FrameDecoder.Decode(frame, info, out var portEvent, out var reason);
            Counters.Record(status, portEvent, reason, info, frame.Length);
        }
    }
}
