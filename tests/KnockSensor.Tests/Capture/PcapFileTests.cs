using KnockSensor.Capture;
using KnockSensor.Capture.Files;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// Classic pcap in every flavour: files rewritten by libpcap (tcpdump) and Wireshark (editcap), and hand-built
/// big-endian files no tool here writes. Each is checked per frame against the frames it was made from and against
/// SharpPcap/libpcap reading the same file.
/// </summary>
public sealed class PcapFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Microsecond_file_rewritten_by_tcpdump_reads_like_libpcap()
    {
        var frames = SampleFrames.Create(300, seed: 1, wholeMicroseconds: true);
        var source = _directory.Write("source.pcap", PcapFixture.Write(frames));
        var path = _directory.File("tcpdump.pcap");
        Tools.Run("tcpdump", "-n", "-r", source, "-w", path);

        var read = CaptureRead.File(path);

        Assert.Equal(CaptureFileAccess.Buffered, read.Access);
        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
        FrameAssert.Equal(Oracles.SharpPcap(path), read.Frames);
    }

    [Fact]
    public void Nanosecond_file_written_by_editcap_keeps_nanoseconds()
    {
        var frames = SampleFrames.Create(300, seed: 2);
        Assert.Contains(frames, f => f.TimestampNs % 1000 != 0);
        var source = _directory.Write("source.pcapng", new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, unitsPerSecond: 1_000_000_000).ToArray());
        var path = _directory.File("nsec.pcap");
        Tools.Run("editcap", "-F", "nsecpcap", source, path);
        Assert.Equal(PcapFixture.NanosecondMagic, BitConverter.ToUInt32(File.ReadAllBytes(path), 0));

        var read = CaptureRead.File(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
        FrameAssert.Equal(Oracles.SharpPcap(path), read.Frames);
    }

    [Fact]
    public void Microsecond_file_converted_to_nanoseconds_by_editcap_has_the_same_times()
    {
        var frames = SampleFrames.Create(100, seed: 3, wholeMicroseconds: true);
        var source = _directory.Write("source.pcap", PcapFixture.Write(frames));
        var path = _directory.File("nsec.pcap");
        Tools.Run("editcap", "-F", "nsecpcap", source, path);

        var read = CaptureRead.File(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Big_endian_file_reads_like_libpcap(bool nanoseconds)
    {
        var frames = SampleFrames.Create(200, seed: 4, wholeMicroseconds: !nanoseconds);
        var path = _directory.Write("big.pcap", PcapFixture.Write(frames, bigEndian: true, nanoseconds: nanoseconds));
        Assert.Equal(0xA1, File.ReadAllBytes(path)[0]);

        var read = CaptureRead.File(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
        FrameAssert.Equal(Oracles.SharpPcap(path), read.Frames);
    }

    [Fact]
    public void Snap_length_cut_by_editcap_gives_captured_shorter_than_wire()
    {
        var frames = SampleFrames.Create(200, seed: 5, wholeMicroseconds: true);
        var source = _directory.Write("source.pcap", PcapFixture.Write(frames));
        var path = _directory.File("snapped.pcap");
        Tools.Run("editcap", "-s", "64", source, path);

        var read = CaptureRead.File(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(SampleFrames.Snapped(frames, 64), read.Frames);
        Assert.Contains(read.Frames, f => f.WireLength > f.CapturedLength);
        FrameAssert.Equal(Oracles.SharpPcap(path), read.Frames);
    }

    [Theory]
    [InlineData(113u, LinkType.LinuxSll)]
    [InlineData(101u, LinkType.Raw)]
    [InlineData(276u, LinkType.LinuxSll2)]
    // libpcap's LT_FCS_LENGTH bits above the link type: an Ethernet capture with a 4-byte FCS.
    [InlineData(0x1400_0001u, LinkType.Ethernet)]
    public void Link_type_comes_from_the_file_header(uint linkField, LinkType expected)
    {
        var frames = SampleFrames.Create(5, seed: 6, linkType: expected, wholeMicroseconds: true);
        var path = _directory.Write("link.pcap", PcapFixture.Write(frames, linkField: linkField));

        var read = CaptureRead.File(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
    }

    [Fact]
    public void Records_larger_than_the_mapping_window_read_on_every_path()
    {
        // Offloaded super-frames (GRO/TSO) can be megabytes; a snap length that allows them makes them legitimate.
        var frames = SampleFrames.Create(6, seed: 8, wholeMicroseconds: true);
        var random = new Random(9);
        foreach (var (index, length) in new[] { (1, 1_100_000), (4, 2_300_000) })
        {
            var data = new byte[length];
            random.NextBytes(data);
            frames[index] = frames[index] with { WireLength = length, Data = data };
        }

        var path = _directory.Write("jumbo.pcap", PcapFixture.Write(frames, snapLength: 4_000_000));

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
    }

    [Fact]
    public void Header_only_file_is_an_empty_capture_not_an_error()
    {
        var path = _directory.Write("empty.pcap", PcapFixture.Write([]));

        var read = CaptureRead.File(path);

        Assert.Null(read.Result.Error);
        Assert.Empty(read.Frames);
        using var reader = CaptureFileReader.Open(path);
        Assert.Equal(CaptureFileFormat.Pcap, reader.Format);
    }

    [Fact]
    public void Unsupported_major_version_is_reported_at_offset_zero()
    {
        var bytes = PcapFixture.Write(SampleFrames.Create(3, seed: 7, wholeMicroseconds: true));
        bytes[4] = 3;
        var path = _directory.Write("v3.pcap", bytes);

        var read = CaptureRead.File(path);

        Assert.Empty(read.Frames);
        Assert.Equal(0, read.Result.Error!.Offset);
        Assert.Contains("version", read.Result.Error.Reason);
    }
}
