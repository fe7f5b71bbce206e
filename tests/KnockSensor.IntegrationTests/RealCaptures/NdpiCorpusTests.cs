using System.Collections.Concurrent;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.Offline;

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

    /// <summary>
    /// tshark's own expert messages for IP and transport headers whose length fields lie. tshark dissects such a frame
    /// anyway; the sensor counts it as malformed and skips it (that is its contract). These frames are left out of
    /// the reference, and the sensor must have counted at least as many malformed frames in that file.
    /// </summary>
    private static readonly string[] LyingLengthMessages =
    [
        "total length exceeds packet length", "Bad length value", "Short segment", "Bogus IP header length",
        "Bogus IP length", "Bogus TCP header length", "payload length exceeds framing length",
    ];

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
            if (ours.TcpSyn != reference.TcpSyn || ours.Udp != reference.Udp || ours.Malformed < reference.LyingLengths)
            {
                mismatches.Add($"{Path.GetFileName(file)}: sensor syn={ours.TcpSyn} udp={ours.Udp} malformed={ours.Malformed}, " +
                    $"tshark syn={reference.TcpSyn} udp={reference.Udp} lying lengths={reference.LyingLengths}");
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

    private static (long Frames, long TcpSyn, long Udp, long Malformed) CountWithSensorLibrary(string file)
    {
        using var reader = CaptureFileReader.Open(file);
        var sink = new DecodingSink(new DecodeCounters());
        reader.ReadAll(ref sink);
        return (sink.Counters.Frames, sink.Counters.TcpSyn, sink.Counters.Udp, sink.Counters.Malformed);
    }

    private static (long Frames, long TcpSyn, long Udp, long LyingLengths) CountWithTshark(string file)
    {
        var result = ProcessRunner.Run("tshark", ["-n", "-r", file, "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE",
            "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=|", "-e", "frame.protocols", "-e", "tcp.flags", "-e", "_ws.expert.message"]);
        long frames = 0, syn = 0, udp = 0, lying = 0;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            frames++;
            var columns = line.Split('\t');
            var transport = OutermostTransport(columns[0].Split(':'));
            if (transport is null)
            {
                continue;
            }

            if (columns.Length > 2 && LyingLengthMessages.Any(m => columns[2].Contains(m, StringComparison.Ordinal)))
            {
                lying++;
                continue;
            }

            switch (transport)
            {
                // tshark lists "tcp" even when the header is cut short and has no flags field; the sensor counts
                // such a frame as malformed, not as a SYN, so neither side counts it.
                case "tcp" when columns.Length > 1 && columns[1].Length > 0:
                    var flags = Convert.ToInt32(columns[1].Split('|')[0], 16);
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

        return (frames, syn, udp, lying);
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
}
