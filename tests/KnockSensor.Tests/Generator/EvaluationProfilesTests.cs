using KnockSensor.Generator;

namespace KnockSensor.Tests.Generator;

/// <summary>
/// The generator's additions for the detector's evaluation: <c>--no-knocks</c> (the same traffic without the
/// doors, for the knock-free day) and the <c>paper</c> profile (shaped like the paper's first dataset).
/// </summary>
public sealed class EvaluationProfilesTests
{
    private static readonly Lazy<GeneratedCapture> LazyPaper = new(() => FromFile(["--profile", "paper", "--seed", "1"]));
    private static readonly Lazy<GeneratedCapture> LazySampleWithoutKnocks = new(() => FromFile(["--profile", "sample", "--seed", "1", "--no-knocks"]));

    [Theory]
    [InlineData("paper", false)]
    [InlineData("sample", true)]
    public void Same_profile_seed_and_knock_switch_give_the_same_bytes_and_truth(string profileName, bool noKnocks)
    {
        GeneratorProfile profile = GeneratorCommandLine.Parse(["--profile", profileName, "--out", "-"]).Profile;
        (byte[] first, GroundTruth firstTruth) = InMemory(profile, 42, !noKnocks);
        (byte[] second, GroundTruth secondTruth) = InMemory(profile, 42, !noKnocks);
        (byte[] otherSeed, _) = InMemory(profile, 43, !noKnocks);

        Assert.True(first.AsSpan().SequenceEqual(second), "two runs with one seed wrote different captures");
        Assert.Equal(GeneratorCommandLine.SerializeTruth(firstTruth), GeneratorCommandLine.SerializeTruth(secondTruth));
        Assert.False(first.AsSpan().SequenceEqual(otherSeed), "seeds 42 and 43 wrote the same capture");
    }

    [Fact]
    public void No_knocks_removes_exactly_the_doors_traffic_and_keeps_every_other_frame()
    {
        GeneratedCapture with = GeneratedCaptures.Sample;
        GeneratedCapture without = LazySampleWithoutKnocks.Value;

        Assert.Empty(without.Truth.Knocks);
        Assert.NotEmpty(with.Truth.Knocks);
        Assert.EndsWith(" --no-knocks", without.Truth.Command);
        Assert.Equal(Scans(with.Truth), Scans(without.Truth));

        // Every frame left is one of the full capture's, in the same order; every frame dropped is a door's: between
        // a door's target and one of its knock or shell sources.
        var doorPeers = with.Truth.Knocks
            .SelectMany(k => k.Activations.SelectMany(a => a.KnockSources.Append(a.Source)).Select(peer => (k.Target, peer)))
            .ToHashSet();
        List<OraclePacket> kept = without.Oracle.IpPackets;
        int next = 0, dropped = 0;
        foreach (OraclePacket packet in with.Oracle.IpPackets)
        {
            if (next < kept.Count && kept[next] == packet)
            {
                next++;
                continue;
            }

            dropped++;
            Assert.True(doorPeers.Contains((packet.Destination, packet.Source)) || doorPeers.Contains((packet.Source, packet.Destination)), $"dropped a frame that is no door's: {packet}");
        }

        Assert.Equal(kept.Count, next);
        Assert.True(dropped >= with.Truth.Knocks.Sum(k => k.ActivationCount * (k.Sequence.Count + 3)), $"only {dropped} frames dropped");
        Assert.Equal(with.Oracle.Arp, without.Oracle.Arp);
    }

    [Fact]
    public void Paper_profile_is_one_attacker_knocking_one_target_five_times()
    {
        GroundTruth truth = LazyPaper.Value.Truth;

        KnockTruth door = Assert.Single(truth.Knocks);
        Assert.Empty(truth.Scans);
        Assert.Equal(4, door.Sequence.Count);
        Assert.All(door.Sequence, item => Assert.Equal("tcp", item.Proto));
        Assert.Equal(4, door.Sequence.Select(item => item.Port).Distinct().Count());
        Assert.Equal(5, door.ActivationCount);
        Assert.Single(door.Sources);
        Assert.False(door.Spoofed);
        Assert.All(door.Activations, a => Assert.All(a.KnockSources, k => Assert.Equal(door.Sources[0], k)));
    }

    [Fact]
    public void Paper_profile_counts_about_twenty_windows_with_each_knock_port_under_the_papers_min_support()
    {
        GeneratedCapture paper = LazyPaper.Value;
        KnockTruth door = Assert.Single(paper.Truth.Knocks);
        // The paper's mode: every TCP and UDP packet's destination port, in windows of 1000 packets.
        List<OraclePacket> packets = paper.Oracle.IpPackets;
        int windows = (packets.Count + 999) / 1000;
        Assert.InRange(packets.Count, 17_000, 23_000);
        foreach (PortTruth knock in door.Sequence)
        {
            int inWindows = packets.Select((p, i) => (p, i))
                .Where(x => x.p.Proto == knock.Proto && x.p.DestinationPort == knock.Port)
                .Select(x => x.i / 1000)
                .Distinct()
                .Count();
            Assert.Equal(5, inWindows);
            Assert.True((double)inWindows / windows <= 0.3, $"{knock.Proto}/{knock.Port}: support {inWindows}/{windows} is above the paper's minSupp 0.3");
        }
    }

    [Fact]
    public void Command_line_reads_no_knocks_and_the_paper_profile()
    {
        GeneratorOptions options = GeneratorCommandLine.Parse(["--profile", "paper", "--out", "x.pcap", "--no-knocks"]);

        Assert.Equal(GeneratorProfile.Paper, options.Profile);
        Assert.True(options.NoKnocks);
        Assert.False(GeneratorCommandLine.Parse(["--profile", "day", "--out", "x.pcap"]).NoKnocks);
    }

    private static string Scans(GroundTruth truth) => string.Join('\n', truth.Scans.Select(s => s.ToString()));

    private static (byte[] Capture, GroundTruth Truth) InMemory(GeneratorProfile profile, ulong seed, bool knocks)
    {
        using var stream = new MemoryStream();
        GroundTruth truth = TrafficGenerator.Generate(profile, seed, 0, stream, knocks);
        return (stream.ToArray(), truth);
    }

    private static GeneratedCapture FromFile(string[] args)
    {
        string directory = Directory.CreateTempSubdirectory("knocksensor-gen-eval-tests-").FullName;
        try
        {
            string path = Path.Combine(directory, "capture.pcap");
            string truthPath = Path.Combine(directory, "truth.json");
            Assert.Equal(GeneratorCommandLine.Success, GeneratorCommandLine.Run([.. args, "--out", path, "--truth", truthPath], TextWriter.Null, TextWriter.Null));
            byte[] truthJson = File.ReadAllBytes(truthPath);
            return new GeneratedCapture(File.ReadAllBytes(path), GeneratedCaptures.ParseTruth(truthJson), truthJson, OracleCapture.Read(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
