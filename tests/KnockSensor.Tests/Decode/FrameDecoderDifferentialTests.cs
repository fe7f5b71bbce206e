using System.Text;
using KnockSensor.Capture;
using KnockSensor.Decode;
using Xunit.Abstractions;

namespace KnockSensor.Tests.Decode;

/// <summary>
/// Our decoder against PacketDotNet (through <see cref="PacketDotNetOracle"/>, which documents what is compared and
/// why) on deterministic generated frames, then on truncated and mutated copies of them.
/// </summary>
public sealed class FrameDecoderDifferentialTests(ITestOutputHelper output)
{
    private const int MaxReportedMismatches = 8;

    [Fact]
    public void Generated_frames_decode_like_PacketDotNet()
    {
        var generator = new DifferentialFrameGenerator(seed: 20_261_123);
        var oracle = new PacketDotNetOracle();
        var failures = new StringBuilder();
        var mismatches = 0;
        var statuses = new Dictionary<DecodeStatus, int>();
        var linkTypes = new HashSet<LinkType>();
        int firstFragments = 0, vlanStacks = 0, extraTags = 0, extensionChains = 0, withIpv4Options = 0, hostile = 0;

        for (var i = 0; i < 100_000; i++)
        {
            var frame = generator.Next();
            var (verdict, expected) = oracle.Decode(frame.Bytes, frame.LinkType);
            var actual = DecodeOurs(frame.Bytes, frame.LinkType, frame.Bytes.Length);

            // Generated frames are well-formed: PacketDotNet must read them and both must agree on every field, except
            // that frames built past a bound of the decoder (more than 8 VLAN tags or extension headers) may be rejected by both
            // (a later fragment inside a long chain ends the walk before the bound).
            var ok = verdict == OracleVerdict.Agree
                ? actual == expected
                : frame.Hostile && verdict == OracleVerdict.Reject && actual.Status == DecodeStatus.Malformed;
            if (!ok)
            {
                Report(failures, ref mismatches, frame, frame.Bytes, verdict, expected, actual);
            }

            statuses[actual.Status] = statuses.GetValueOrDefault(actual.Status) + 1;
            linkTypes.Add(frame.LinkType);
            firstFragments += actual.FirstFragment ? 1 : 0;
            vlanStacks += actual.VlanCount == 2 ? 1 : 0;
            extraTags += actual.ExtraVlanTags ? 1 : 0;
            extensionChains += frame.ExtensionHeaderOffsets.Length >= 2 ? 1 : 0;
            withIpv4Options += frame.IpVersion == 4 && frame.TransportOffset - frame.IpOffset > 20 ? 1 : 0;
            hostile += frame.Hostile ? 1 : 0;
        }

        output.WriteLine($"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))}");
        output.WriteLine($"first fragments={firstFragments} QinQ={vlanStacks} 3+ tags={extraTags} v6 chains≥2={extensionChains} v4 options={withIpv4Options} beyond bounds={hostile}");
        Assert.True(mismatches == 0, $"{mismatches} of 100000 generated frames differ from PacketDotNet:\n{failures}");

        // The generator must keep covering what the brief lists; a degenerate generator would pass vacuously.
        Assert.Equal(
            [LinkType.Null, LinkType.Ethernet, LinkType.RawBsd12, LinkType.RawBsd14, LinkType.Raw, LinkType.Loop, LinkType.LinuxSll, (LinkType)147, LinkType.Ipv4, LinkType.Ipv6, LinkType.LinuxSll2],
            linkTypes.Order());
        foreach (var status in Enum.GetValues<DecodeStatus>().Where(s => s != DecodeStatus.Malformed))
        {
            Assert.True(statuses.GetValueOrDefault(status) > 100, $"only {statuses.GetValueOrDefault(status)} frames decoded as {status}");
        }

        Assert.All(new[] { firstFragments, vlanStacks, extraTags, extensionChains, withIpv4Options, hostile }, n => Assert.True(n > 200, $"coverage count {n}"));
    }

    [Fact]
    public void Truncated_copies_are_rejected_or_decoded_like_PacketDotNet()
    {
        var generator = new DifferentialFrameGenerator(seed: 7_001);
        var rng = new Random(7_002);
        var tally = new Tally();
        for (var i = 0; i < 12_000; i++)
        {
            var frame = generator.Next();
            var cuts = new HashSet<int> { rng.Next(frame.Bytes.Length), rng.Next(frame.Bytes.Length) };
            foreach (var boundary in frame.Boundaries)
            {
                cuts.UnionWith([boundary - 1, boundary, boundary + 1]);
            }

            foreach (var cut in cuts.Where(c => c >= 0 && c < frame.Bytes.Length))
            {
                // As if the frame really ended there: the wire length is the captured length, so lengths that reach
                // past the cut are lies, not snap-length truncation.
                Compare(frame, frame.Bytes[..cut], tally);
            }
        }

        tally.Verify(output, minimumAgree: 1_000, minimumReject: 50_000);
    }

    [Fact]
    public void Mutated_copies_are_rejected_or_decoded_like_PacketDotNet()
    {
        var generator = new DifferentialFrameGenerator(seed: 9_001);
        var rng = new Random(9_002);
        var tally = new Tally();
        for (var i = 0; i < 25_000; i++)
        {
            var frame = generator.Next();
            var headerEnd = frame.Boundaries.Length > 0 ? Math.Min(frame.Boundaries.Max(), frame.Bytes.Length) : frame.Bytes.Length;

            // One random byte in the headers, then three at once.
            var single = (byte[])frame.Bytes.Clone();
            single[rng.Next(headerEnd)] = (byte)rng.Next(256);
            Compare(frame, single, tally);

            var several = (byte[])frame.Bytes.Clone();
            for (var k = 0; k < 3; k++)
            {
                several[rng.Next(headerEnd)] ^= (byte)rng.Next(1, 256);
            }

            Compare(frame, several, tally);

            // Length fields that lie, each aimed at its field.
            foreach (var lie in LengthLies(frame, rng))
            {
                Compare(frame, lie, tally);
            }
        }

        tally.Verify(output, minimumAgree: 20_000, minimumReject: 20_000);
    }

    /// <summary>Copies of <paramref name="frame"/> with one length field set to a random value.</summary>
    private static IEnumerable<byte[]> LengthLies(GeneratedFrame frame, Random rng)
    {
        if (frame.IpOffset < 0)
        {
            yield break;
        }

        var ip = frame.IpOffset;
        if (frame.IpVersion == 4)
        {
            var ihl = (byte[])frame.Bytes.Clone();
            ihl[ip] = (byte)(0x40 | rng.Next(16));
            yield return ihl;

            var total = (byte[])frame.Bytes.Clone();
            WriteLength(total, ip + 2, rng, frame.Bytes.Length - ip);
            yield return total;
        }
        else
        {
            var payload = (byte[])frame.Bytes.Clone();
            WriteLength(payload, ip + 4, rng, frame.Bytes.Length - ip - 40);
            yield return payload;
        }

        foreach (var extension in frame.ExtensionHeaderOffsets)
        {
            var length = (byte[])frame.Bytes.Clone();
            length[extension + 1] = (byte)(rng.Next(2) == 0 ? rng.Next(256) : length[extension + 1] + rng.Next(-1, 2));
            yield return length;
        }

        var transport = frame.TransportOffset;
        if (frame.Protocol == 6 && transport + 13 < frame.Bytes.Length)
        {
            var dataOffset = (byte[])frame.Bytes.Clone();
            dataOffset[transport + 12] = (byte)(rng.Next(16) << 4);
            yield return dataOffset;
        }
        else if (frame.Protocol == 17 && transport + 8 <= frame.Bytes.Length)
        {
            var udpLength = (byte[])frame.Bytes.Clone();
            WriteLength(udpLength, transport + 4, rng, frame.Bytes.Length - transport);
            yield return udpLength;
        }
    }

    /// <summary>A 16-bit length: near the truth (off by a little either way) half the time, anything the other half.</summary>
    private static void WriteLength(byte[] bytes, int offset, Random rng, int truth)
    {
        var value = rng.Next(2) == 0 ? truth + rng.Next(-8, 9) : rng.Next(0x10000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), (ushort)Math.Clamp(value, 0, 0xFFFF));
    }

    private void Compare(GeneratedFrame origin, byte[] bytes, Tally tally)
    {
        var oracle = tally.Oracle;
        var (verdict, expected) = oracle.Decode(bytes, origin.LinkType);
        var actual = DecodeOurs(bytes, origin.LinkType, bytes.Length);
        var ok = verdict switch
        {
            OracleVerdict.Agree => actual == expected,
            OracleVerdict.Reject => actual.Status == DecodeStatus.Malformed,
            _ => true,
        };
        tally.Count(verdict);
        if (!ok)
        {
            Report(tally.Failures, ref tally.Mismatches, origin, bytes, verdict, expected, actual);
        }
    }

    private static DecodeView DecodeOurs(byte[] bytes, LinkType linkType, int wireLength)
    {
        var status = FrameDecoder.Decode(bytes, new FrameInfo(1_700_000_000_000_000_000, wireLength, linkType), out var portEvent, out var reason);
        Assert.True(status == DecodeStatus.Malformed ? reason != MalformedReason.None : reason == MalformedReason.None, $"{status} with reason {reason}");
        return DecodeView.FromOurs(status, portEvent);
    }

    private static void Report(StringBuilder failures, ref int mismatches, GeneratedFrame origin, byte[] bytes, OracleVerdict verdict, DecodeView expected, DecodeView actual)
    {
        if (++mismatches > MaxReportedMismatches)
        {
            return;
        }

        failures.AppendLine($"- {origin.Description} ({origin.LinkType}, {bytes.Length} of {origin.Bytes.Length} bytes)")
            .AppendLine($"  frame:       {Convert.ToHexString(bytes)}")
            .AppendLine($"  PacketDotNet ({verdict}): {expected}")
            .AppendLine($"  ours:        {actual}");
    }

    private sealed class Tally
    {
        public readonly PacketDotNetOracle Oracle = new();
        public readonly StringBuilder Failures = new();
        public int Mismatches;
        private int _agree;
        private int _reject;
        private int _unknown;

        public void Count(OracleVerdict verdict)
        {
            switch (verdict)
            {
                case OracleVerdict.Agree:
                    _agree++;
                    break;
                case OracleVerdict.Reject:
                    _reject++;
                    break;
                default:
                    _unknown++;
                    break;
            }
        }

        public void Verify(ITestOutputHelper output, int minimumAgree, int minimumReject)
        {
            var total = _agree + _reject + _unknown;
            output.WriteLine($"{total} frames: PacketDotNet agreed-with-consistent-lengths {_agree}, reported lying/cut lengths {_reject}, threw {_unknown}");
            Assert.True(Mismatches == 0, $"{Mismatches} of {total} frames differ from PacketDotNet:\n{Failures}");
            Assert.True(_agree >= minimumAgree && _reject >= minimumReject, $"too few comparisons: agree {_agree}, reject {_reject}");
        }
    }
}
