using System.Globalization;
using KnockSensor.Generator;

namespace KnockSensor.Tests.Generator;

/// <summary>The generated files read back by SharpPcap + PacketDotNet: totals, checksums, knocks and scans as the truth says.</summary>
public sealed class GeneratedTrafficOracleTests
{
    public static TheoryData<string> Profiles => ["sample", "day", "throughput"];

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Truth_totals_equal_the_oracle_counts(string profile)
    {
        GeneratedCapture capture = GeneratedCaptures.For(profile);
        TotalsTruth totals = capture.Truth.Totals;
        OracleCapture oracle = capture.Oracle;

        Assert.Equal(totals.Packets, oracle.Packets);
        Assert.Equal(totals.Bytes, oracle.FrameBytes);
        Assert.Equal(totals.TcpSyn, oracle.TcpSynWithoutAck);
        Assert.Equal(totals.Tcp, oracle.Tcp);
        Assert.Equal(totals.Udp, oracle.Udp);
        Assert.Equal(totals.Icmp, oracle.Icmp);
        Assert.Equal(totals.Arp, oracle.Arp);
        Assert.Equal(totals.Ipv6, oracle.Ipv6);
        Assert.Equal(totals.VlanTagged, oracle.VlanTagged);
        Assert.Equal(totals.Qinq, oracle.QinQ);
        Assert.Equal(0, oracle.Unparsed);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_checksum_is_valid(string profile)
    {
        OracleCapture oracle = GeneratedCaptures.For(profile).Oracle;

        Assert.True(oracle.Tcp > 0 && oracle.Udp > 0 && oracle.Icmp > 0);
        Assert.Empty(oracle.BadChecksums.Take(10));
    }

    [Fact]
    public void Sample_has_the_variety_a_detector_must_handle()
    {
        GroundTruth truth = GeneratedCaptures.Sample.Truth;
        TotalsTruth totals = truth.Totals;

        Assert.InRange(totals.Packets, 3_000, 20_000);
        Assert.InRange(GeneratedCaptures.Sample.Bytes.Length, 100_000, 2_000_000);
        Assert.True(totals.Ipv6 > 0 && totals.VlanTagged > 0 && totals.Qinq > 0 && totals.Icmp > 0 && totals.Arp > 0);
        Assert.NotEmpty(truth.Knocks);
        Assert.Contains(truth.Knocks, k => k.Sequence.Count is >= 3 and <= 4 && k.ActivationCount >= 3);
        Assert.Contains(truth.Scans, s => s.Kind == "vertical" && s.Ports >= 1000);
        TimeSpan span = Instant(truth.End) - Instant(truth.Start);
        Assert.InRange(span.TotalMinutes, 2, 10);
    }

    [Fact]
    public void Day_spans_24_hours_within_50_MB()
    {
        GeneratedCapture day = GeneratedCaptures.Day;

        TimeSpan span = Instant(day.Truth.End) - Instant(day.Truth.Start);
        Assert.InRange(span.TotalHours, 23.5, 24.01);
        Assert.True(day.Bytes.Length <= 50L << 20, $"day capture is {day.Bytes.Length} bytes");
        Assert.True(day.Truth.Knocks.Count >= 3);
        Assert.Contains(day.Truth.Knocks, k => k.Spoofed);
        Assert.Contains(day.Truth.Knocks, k => k.Sequence.Count >= 8 && k.Sequence.Any(p => p.Proto == "udp") && k.Sequence.Any(p => p.Proto == "tcp"));
    }

    [Fact]
    public void Throughput_reaches_its_size_with_small_frames()
    {
        GeneratedCapture throughput = GeneratedCaptures.Throughput;
        TotalsTruth totals = throughput.Truth.Totals;

        Assert.True(throughput.Bytes.Length >= 4L << 20, $"{throughput.Bytes.Length} bytes for --size-mb 4");
        Assert.True(throughput.Bytes.Length < 5L << 20, $"{throughput.Bytes.Length} bytes for --size-mb 4");
        double averageFrame = (double)totals.Bytes / totals.Packets;
        Assert.InRange(averageFrame, 90, 130);
        // Mostly TCP data and ACKs, with SYNs and UDP (DNS) in the mix.
        Assert.True(totals.Tcp > totals.Packets / 2);
        Assert.True(totals.TcpSyn > totals.Packets / 100);
        Assert.True(totals.Udp > totals.Packets / 20);
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("day")]
    public void Every_knock_activation_is_in_the_file_in_order_then_the_shell(string profile)
    {
        GeneratedCapture capture = GeneratedCaptures.For(profile);
        Assert.NotEmpty(capture.Truth.Knocks);
        foreach (KnockTruth knock in capture.Truth.Knocks)
        {
            Assert.Equal(knock.ActivationCount, knock.Activations.Count);
            Assert.True(knock.ActivationCount >= 3, $"{knock.Name}: {knock.ActivationCount} activations");
            Assert.Equal(knock.Activations.Select(a => a.Source).Distinct(), knock.Sources);
            foreach (ActivationTruth activation in knock.Activations)
            {
                long from = Nanoseconds(activation.FirstKnock);
                long shell = Nanoseconds(activation.ShellConnect);
                // Connection attempts (SYN without ACK, or UDP) to the door from the knockers and the shell's source,
                // first knock to shell SYN: exactly the knocks in order, then the shell.
                var senders = activation.KnockSources.Append(activation.Source).ToHashSet();
                List<OraclePacket> attempts = capture.Oracle.IpPackets
                    .Where(p => senders.Contains(p.Source) && p.Destination == knock.Target && p.TimestampNs >= from && p.TimestampNs <= shell)
                    .Where(p => p.Proto == "udp" || (p.Syn && !p.Ack))
                    .ToList();

                var expected = knock.Sequence.Select(s => (s.Proto, s.Port)).Append((knock.ShellPort.Proto, knock.ShellPort.Port)).ToList();
                Assert.Equal(expected, attempts.Select(p => (p.Proto, p.DestinationPort)).ToList());
                Assert.Equal(activation.KnockSources.Append(activation.Source), attempts.Select(p => p.Source));
                if (knock.Spoofed)
                {
                    Assert.Equal(knock.Sequence.Count, activation.KnockSources.Distinct().Count());
                    Assert.DoesNotContain(activation.Source, activation.KnockSources);
                }
                else
                {
                    Assert.All(activation.KnockSources, k => Assert.Equal(activation.Source, k));
                }

                Assert.Equal(from, attempts[0].TimestampNs);
                Assert.Equal(Nanoseconds(activation.LastKnock), attempts[^2].TimestampNs);
                Assert.Equal(shell, attempts[^1].TimestampNs);
                Assert.InRange(attempts[^2].TimestampNs - attempts[0].TimestampNs, 0, 10_000_000_000L);

                // The shell connection is answered: a SYN-ACK comes back from the door's shell port.
                Assert.Contains(capture.Oracle.IpPackets, p => p.Source == knock.Target && p.Destination == activation.Source
                    && p.SourcePort == knock.ShellPort.Port && p.Syn && p.Ack && p.TimestampNs > shell);
            }
        }
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("day")]
    public void Every_scan_is_in_the_file_as_the_truth_says(string profile)
    {
        GeneratedCapture capture = GeneratedCaptures.For(profile);
        Assert.NotEmpty(capture.Truth.Scans);
        foreach (ScanTruth scan in capture.Truth.Scans)
        {
            long from = Nanoseconds(scan.Start);
            long to = Nanoseconds(scan.End);
            List<OraclePacket> probes = capture.Oracle.IpPackets
                .Where(p => p.Source == scan.Source && p.Syn && !p.Ack && p.TimestampNs >= from && p.TimestampNs <= to)
                .ToList();

            Assert.Equal(scan.Probes, probes.Count);
            Assert.Equal(scan.Ports, probes.Select(p => p.DestinationPort).Distinct().Count());
            if (scan.Kind == "vertical")
            {
                Assert.All(probes, p => Assert.Equal(scan.Target, p.Destination));
            }
            else
            {
                Assert.Equal(scan.Probes, probes.Select(p => p.Destination).Distinct().Count());
            }
        }
    }

    private static DateTime Instant(string text) =>
        DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static long Nanoseconds(string text) => (Instant(text) - DateTime.UnixEpoch).Ticks * 100;
}
