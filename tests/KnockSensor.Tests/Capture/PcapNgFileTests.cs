using System.Numerics;
using KnockSensor.Capture;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// pcapng: files written by editcap and mergecap (checked against libpcap and tshark), and hand-built files for
/// what tools do not write (checked against the values the test put in). Every file is also read through the
/// streaming and gzip paths, which must deliver exactly what the memory-mapped path delivers.
/// </summary>
public sealed class PcapNgFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Single_interface_file_written_by_editcap_reads_like_libpcap()
    {
        var frames = SampleFrames.Create(300, seed: 11, wholeMicroseconds: true);
        var source = _directory.Write("source.pcap", PcapFixture.Write(frames));
        var path = _directory.File("editcap.pcapng");
        Tools.Run("editcap", "-F", "pcapng", source, path);

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
        FrameAssert.Equal(Oracles.SharpPcap(path), read.Frames);
    }

    [Fact]
    public void Merged_ethernet_and_cooked_captures_keep_each_interface_and_link_type()
    {
        var ethernet = SampleFrames.Create(150, seed: 12, wholeMicroseconds: true, interfaceIndex: 0);
        var cooked = SampleFrames.Create(150, seed: 13, linkType: LinkType.LinuxSll, wholeMicroseconds: true, startNs: SampleFrames.StartNs + 777_000, interfaceIndex: 1);
        var ethernetPath = _directory.Write("eth.pcap", PcapFixture.Write(ethernet));
        var cookedPath = _directory.Write("sll.pcap", PcapFixture.Write(cooked, linkField: 113));
        var path = _directory.File("merged.pcapng");
        Tools.Run("mergecap", "-F", "pcapng", "-w", path, ethernetPath, cookedPath);

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        var expected = ethernet.Concat(cooked).OrderBy(f => f.TimestampNs).ToList();
        FrameAssert.Equal(expected, read.Frames);
        Assert.Equal(2, read.Frames.Select(f => f.LinkType).Distinct().Count());

        // libpcap refuses interfaces of different link types in one file, so tshark is the independent reader here.
        var tshark = Oracles.Tshark(path);
        Assert.Equal(tshark.Count, read.Frames.Count);
        for (var i = 0; i < tshark.Count; i++)
        {
            var frame = read.Frames[i];
            Assert.Equal(tshark[i], (frame.InterfaceIndex, frame.TimestampNs, frame.WireLength, frame.CapturedLength));
        }
    }

    [Fact]
    public void Every_interface_has_its_own_timestamp_resolution_and_offset()
    {
        const long offsetSeconds = 1_600_000_000;
        var data = SampleFrames.Create(4, seed: 14);
        var builder = new PcapNgBuilder().Section()
            .Interface(1, timestampResolution: 9)
            .Interface(113, timestampResolution: 0x80 | 20)
            .Interface(101)
            .Interface(276, timestampResolution: 3, timestampOffsetSeconds: offsetSeconds)
            .Interface(1, timestampResolution: 12, timestampOffsetSeconds: offsetSeconds);

        // Units a tool would write, and the nanoseconds they stand for, worked out here with exact arithmetic.
        var nanosecondUnits = 1_700_000_000_987_654_321UL;
        var binaryUnits = (1_700_000_000UL << 20) + 0xABCDE;
        var microsecondUnits = 1_700_000_000_123_456UL;
        var millisecondUnits = 100_000_123UL;
        var picosecondUnits = 12_345_678_901_234_567UL;
        builder.Enhanced(0, nanosecondUnits, data[0])
            .Enhanced(1, binaryUnits, data[1])
            .Enhanced(2, microsecondUnits, data[2])
            .Enhanced(3, millisecondUnits, data[3])
            .Enhanced(4, picosecondUnits, data[0]);
        var path = _directory.Write("resolutions.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        long[] expectedNs =
        [
            (long)nanosecondUnits,
            (long)((new BigInteger(binaryUnits) * 1_000_000_000) >> 20),
            (long)microsecondUnits * 1000,
            ((long)millisecondUnits * 1_000_000) + (offsetSeconds * 1_000_000_000),
            (long)(picosecondUnits / 1000) + (offsetSeconds * 1_000_000_000),
        ];
        LinkType[] expectedLinks = [LinkType.Ethernet, LinkType.LinuxSll, LinkType.Raw, LinkType.LinuxSll2, LinkType.Ethernet];
        int[] expectedData = [0, 1, 2, 3, 0];
        var expected = expectedNs.Select((ns, i) => new CapturedFrame(ns, data[expectedData[i]].WireLength, expectedLinks[i], i, data[expectedData[i]].Data)).ToList();
        FrameAssert.Equal(expected, read.Frames);
    }

    [Fact]
    public void Simple_and_obsolete_packet_blocks_are_frames()
    {
        var data = SampleFrames.Create(4, seed: 15);
        var large = new byte[1400];
        new Random(16).NextBytes(large);
        var builder = new PcapNgBuilder().Section()
            .Interface(1, snapLength: 96, timestampResolution: 9)
            .Interface(113, timestampResolution: 6)
            .Enhanced(0, 1_700_000_000_000_000_001UL, data[0])
            // An SPB carries min(original length, snap length) bytes and no timestamp.
            .Simple(1400, large.AsSpan(0, 96).ToArray())
            .Simple((uint)data[1].WireLength, data[1].Data)
            .Obsolete(1, 1_700_000_001_000_002UL, (uint)data[2].WireLength, data[2].Data);
        var path = _directory.Write("spb-opb.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        List<CapturedFrame> expected =
        [
            data[0] with { TimestampNs = 1_700_000_000_000_000_001 },
            new(1_700_000_000_000_000_001, 1400, LinkType.Ethernet, 0, large.AsSpan(0, 96).ToArray()),
            data[1] with { TimestampNs = 1_700_000_000_000_000_001 },
            data[2] with { TimestampNs = 1_700_000_001_000_002_000, LinkType = LinkType.LinuxSll, InterfaceIndex = 1 },
        ];
        FrameAssert.Equal(expected, read.Frames);
    }

    [Fact]
    public void Unknown_and_non_packet_blocks_are_skipped()
    {
        var frames = SampleFrames.Create(6, seed: 17, wholeMicroseconds: true);
        var clean = new PcapNgBuilder().Section().Interface(1).AddAll(0, frames, 1_000_000);
        var cluttered = new PcapNgBuilder().Section();
        cluttered.Block(PcapNgBuilder.CustomType, new byte[10]).Interface(1);
        foreach (var frame in frames)
        {
            cluttered.Enhanced(0, PcapNgBuilder.Units(frame.TimestampNs, 1_000_000), frame)
                .Block(PcapNgBuilder.NameResolutionType, new byte[24])
                .Block(PcapNgBuilder.InterfaceStatisticsType, new byte[20])
                .Block(PcapNgBuilder.DecryptionSecretsType, new byte[8])
                .Block(0x8000_1234, [])
                .Block(0x1234_5678, new byte[333]);
        }

        var cleanRead = CaptureRead.EveryPath(_directory.Write("clean.pcapng", clean.ToArray()));
        var clutteredRead = CaptureRead.EveryPath(_directory.Write("cluttered.pcapng", cluttered.ToArray()));

        Assert.Null(clutteredRead.Result.Error);
        FrameAssert.Equal(frames, clutteredRead.Frames);
        FrameAssert.Equal(cleanRead.Frames, clutteredRead.Frames);
    }

    [Fact]
    public void Big_endian_section_reads_like_libpcap()
    {
        var frames = SampleFrames.Create(50, seed: 18);
        var path = _directory.Write("big.pcapng", new PcapNgBuilder().Section(bigEndian: true).Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000).ToArray());
        Assert.Equal(0x1A, File.ReadAllBytes(path)[8]);

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
        FrameAssert.Equal(Oracles.SharpPcap(path), read.Frames);
    }

    [Fact]
    public void Each_section_has_its_own_byte_order_and_interfaces()
    {
        var first = SampleFrames.Create(10, seed: 19, wholeMicroseconds: true);
        var second = SampleFrames.Create(10, seed: 20, linkType: LinkType.Raw, startNs: SampleFrames.StartNs + 60_000_000_000);
        var builder = new PcapNgBuilder().Section()
            .Interface(113)
            .Interface(1)
            .AddAll(1, first, 1_000_000)
            .Section(bigEndian: true)
            .Interface(101, timestampResolution: 9)
            .AddAll(0, second, 1_000_000_000)
            .Section()
            .Interface(1);
        var strayOffset = builder.Length;
        builder.Enhanced(1, 1, first[0]);
        var path = _directory.Write("sections.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        FrameAssert.Equal([.. first.Select(f => f with { InterfaceIndex = 1 }), .. second], read.Frames);

        // The third section defines one interface; a packet naming a second one is damage, found at its block.
        Assert.NotNull(read.Result.Error);
        Assert.Equal(strayOffset, read.Result.Error.Offset);
        Assert.Contains("interface 1", read.Result.Error.Reason);
    }

    [Fact]
    public void Unsupported_section_version_is_reported_at_its_block()
    {
        var frames = SampleFrames.Create(3, seed: 21, wholeMicroseconds: true);
        var builder = new PcapNgBuilder().Section().Interface(1).AddAll(0, frames, 1_000_000);
        var secondSection = builder.Length;
        builder.Section(major: 2).Interface(1).AddAll(0, frames, 1_000_000);
        var path = _directory.Write("v2.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        FrameAssert.Equal(frames, read.Frames);
        Assert.Equal(secondSection, read.Result.Error!.Offset);
        Assert.Contains("version 2", read.Result.Error.Reason);
    }
}
