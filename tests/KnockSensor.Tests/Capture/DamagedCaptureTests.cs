using System.IO.Compression;
using KnockSensor.Capture.Files;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// Inputs that are not captures, and captures whose records lie about their lengths: a clear error with an offset,
/// every frame before the damage delivered, and no allocation sized by a corrupt length field.
/// </summary>
public sealed class DamagedCaptureTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Empty_file_and_empty_stream_are_refused()
    {
        var path = _directory.Write("empty.pcap", []);

        var file = CaptureRead.OpenFails(() => CaptureFileReader.Open(path));
        var stream = CaptureRead.OpenFails(() => CaptureFileReader.Open(new MemoryStream(), "stdin"));

        Assert.Equal(path, file.Path);
        Assert.Contains("empty", file.Reason);
        Assert.Equal("stdin", stream.Path);
        Assert.Contains("empty", stream.Reason);
    }

    [Fact]
    public void Gzip_cut_before_its_first_block_is_called_truncated_not_empty()
    {
        var whole = Gzipped(PcapFixture.Write(SampleFrames.Create(200, seed: 46, wholeMicroseconds: true)));
        var path = _directory.Write("cut.pcap.gz", whole[..12]);

        var refused = CaptureRead.OpenFails(() => CaptureFileReader.Open(path));

        Assert.Contains("before a capture header (truncated?)", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_refused_with_its_name()
    {
        var path = _directory.File("missing.pcap");

        var refused = CaptureRead.OpenFails(() => CaptureFileReader.Open(path));

        Assert.Equal(-1, refused.Offset);
        Assert.StartsWith(path + ": ", refused.Message);
    }

    [Fact]
    public void Garbage_is_refused_whatever_path_reads_it()
    {
        var garbage = new byte[4096];
        new Random(41).NextBytes(garbage);
        garbage[0] = (byte)'G';
        var path = _directory.Write("garbage.pcap", garbage);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(garbage);
        }

        var mapped = CaptureRead.OpenFails(() => CaptureFileReader.Open(path));
        var streamed = CaptureRead.OpenFails(() => CaptureFileReader.Open(new TricklingStream(garbage, 1, 100), "stdin"));
        var gzipped = CaptureRead.OpenFails(() => CaptureFileReader.Open(new MemoryStream(compressed.ToArray()), "garbage.gz"));

        foreach (var refused in new[] { mapped, streamed, gzipped })
        {
            Assert.Equal(0, refused.Offset);
            Assert.Contains("not a pcap or pcapng capture", refused.Reason);
            Assert.Contains("47", refused.Reason);
        }

        Assert.Contains("gzip", gzipped.Reason);
    }

    [Fact]
    public void Corrupt_gzip_is_refused()
    {
        var bytes = new byte[600];
        new Random(42).NextBytes(bytes);
        bytes[0] = 0x1F;
        bytes[1] = 0x8B;
        var path = _directory.Write("corrupt.pcap.gz", bytes);

        var refused = CaptureRead.OpenFails(() => CaptureFileReader.Open(path));

        Assert.Equal(0, refused.Offset);
        Assert.Contains("gzip", refused.Reason);
    }

    [Fact]
    public void Gzip_inside_gzip_is_refused()
    {
        var pcap = PcapFixture.Write(SampleFrames.Create(3, seed: 51, wholeMicroseconds: true));

        var refused = CaptureRead.OpenFails(() => CaptureFileReader.Open(new MemoryStream(Gzipped(Gzipped(pcap))), "twice.gz"));

        Assert.Equal(0, refused.Offset);
        Assert.Contains("gzip inside gzip", refused.Reason);
    }

    [Fact]
    public void Directory_given_as_a_file_is_refused()
    {
        var refused = CaptureRead.OpenFails(() => CaptureFileReader.Open(_directory.Path));

        Assert.Equal(-1, refused.Offset);
        Assert.Contains("cannot open", refused.Reason);
    }

    [Fact]
    public void Pcapng_packet_before_any_interface_is_damage()
    {
        var frames = SampleFrames.Create(2, seed: 52);
        foreach (var simple in new[] { false, true })
        {
            var builder = new PcapNgBuilder().Section();
            var damagedAt = builder.Length;
            if (simple)
            {
                builder.Simple((uint)frames[0].WireLength, frames[0].Data);
            }
            else
            {
                builder.Enhanced(0, 1, frames[0]);
            }

            var read = CaptureRead.EveryPath(_directory.Write($"no-interface-{simple}.pcapng", builder.Interface(1).AddAll(0, frames, 1_000_000_000).ToArray()));

            Assert.Empty(read.Frames);
            Assert.Equal(damagedAt, read.Result.Error!.Offset);
            Assert.Contains("names interface 0, but the section defines 0", read.Result.Error.Reason);
        }
    }

    [Theory]
    [InlineData(20)]
    [InlineData(0x80 | 64)]
    public void Pcapng_unrepresentable_timestamp_resolution_is_damage(byte resolution)
    {
        var frames = SampleFrames.Create(2, seed: 53);
        var builder = new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000);
        var damagedAt = builder.Length;
        builder.Interface(1, timestampResolution: resolution).Enhanced(1, 5, frames[0]);
        var read = CaptureRead.EveryPath(_directory.Write("tsresol.pcapng", builder.ToArray()));

        FrameAssert.Equal(frames, read.Frames);
        Assert.Equal(damagedAt, read.Result.Error!.Offset);
        Assert.Contains($"unsupported if_tsresol 0x{resolution:x2}", read.Result.Error.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Garbage_after_a_pcap_header_is_damage_at_the_first_record(bool bigEndian)
    {
        var garbage = new byte[2048];
        new Random(43).NextBytes(garbage);
        byte[] bytes = [.. PcapFixture.FileHeader(bigEndian, nanoseconds: false, 1, 65535), .. PcapFixture.RecordHeader(bigEndian, 1, 2, 0xF0F0_F0F0, 60), .. garbage];
        var path = _directory.Write("garbage.pcap", bytes);

        var read = CaptureRead.File(path);

        Assert.Empty(read.Frames);
        Assert.Equal(PcapFixture.FileHeaderLength, read.Result.Error!.Offset);
        Assert.Contains("implausible captured length 4042322160", read.Result.Error.Reason);
        CaptureRead.SameOutcome(read, CaptureRead.Trickled(bytes), compressed: false);
    }

    [Theory]
    [InlineData(0x7FFF_FFFFu, 65535u)]
    [InlineData(0x7FFF_FFFFu, 0xFFFF_FFFFu)]
    [InlineData(300_000u, 65535u)]
    public void Absurd_pcap_record_length_ends_the_read_without_allocating_it(uint capturedLength, uint snapLength)
    {
        var frames = SampleFrames.Create(5, seed: 44, wholeMicroseconds: true);
        var good = PcapFixture.Write(frames, snapLength: snapLength);
        byte[] bytes = [.. good, .. PcapFixture.RecordHeader(false, 1, 2, capturedLength, capturedLength), .. new byte[4000]];
        var path = _directory.Write("absurd.pcap", bytes);

        var (mapped, mappedAllocated) = MeasureRead(() => CaptureFileReader.Open(path, CaptureFileAccess.MemoryMapped));
        var (buffered, bufferedAllocated) = MeasureRead(() => CaptureFileReader.Open(path, CaptureFileAccess.Buffered));
        var (streamed, streamedAllocated) = MeasureRead(() => CaptureFileReader.Open(new TricklingStream(bytes, 2, 5000), "stdin"));
        var (gzipped, gzippedAllocated) = MeasureRead(() => CaptureFileReader.Open(new MemoryStream(Gzipped(bytes)), "absurd.pcap.gz"));

        foreach (var read in new[] { mapped, buffered, streamed, gzipped })
        {
            Assert.Equal(frames.Count, read.Frames);
            Assert.Equal(good.Length, read.Error!.Offset);
            Assert.Contains($"implausible captured length {capturedLength}", read.Error.Reason);
        }

        Assert.True(mappedAllocated < 64 * 1024, $"memory-mapped read allocated {mappedAllocated} B");
        Assert.True(bufferedAllocated < 1024 * 1024 + 64 * 1024, $"buffered read allocated {bufferedAllocated} B");
        Assert.True(streamedAllocated < 1024 * 1024, $"streaming read allocated {streamedAllocated} B");
        Assert.True(gzippedAllocated < 1024 * 1024, $"gzip read allocated {gzippedAllocated} B");
    }

    [Fact]
    public void Pcapng_block_claiming_gigabytes_is_damage_not_an_allocation()
    {
        var frames = SampleFrames.Create(4, seed: 45);
        var builder = new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000);
        var damagedAt = builder.Length;
        builder.Raw([.. builder.Word(PcapNgBuilder.EnhancedPacketType), .. builder.Word(0x7FFF_FFF0), .. new byte[3000]]);
        var bytes = builder.ToArray();
        var path = _directory.Write("absurd.pcapng", bytes);

        var (mapped, mappedAllocated) = MeasureRead(() => CaptureFileReader.Open(path, CaptureFileAccess.MemoryMapped));
        var (buffered, bufferedAllocated) = MeasureRead(() => CaptureFileReader.Open(path, CaptureFileAccess.Buffered));
        var (streamed, streamedAllocated) = MeasureRead(() => CaptureFileReader.Open(new TricklingStream(bytes, 3, 5000), "stdin"));

        foreach (var read in new[] { mapped, buffered, streamed })
        {
            Assert.Equal(frames.Count, read.Frames);
            Assert.Equal(damagedAt, read.Error!.Offset);
            Assert.Contains("bad pcapng block length 2147483632", read.Error.Reason);
        }

        Assert.True(mappedAllocated < 64 * 1024, $"memory-mapped read allocated {mappedAllocated} B");
        Assert.True(bufferedAllocated < 1024 * 1024 + 64 * 1024, $"buffered read allocated {bufferedAllocated} B");
        Assert.True(streamedAllocated < 1024 * 1024, $"streaming read allocated {streamedAllocated} B");
    }

    [Fact]
    public void Pcapng_block_longer_than_the_input_is_truncation_without_waiting_for_it()
    {
        var frames = SampleFrames.Create(4, seed: 46);
        var builder = new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000);
        var damagedAt = builder.Length;

        // Under the reader's block-size limit, so plausible: only the end of the input shows it is not all there.
        builder.Raw([.. builder.Word(PcapNgBuilder.EnhancedPacketType), .. builder.Word(60_000_000), .. new byte[3000]]);
        var bytes = builder.ToArray();

        var (streamed, allocated) = MeasureRead(() => CaptureFileReader.Open(new TricklingStream(bytes, 4, 5000), "stdin"));

        Assert.Equal(frames.Count, streamed.Frames);
        Assert.Equal(damagedAt, streamed.Error!.Offset);
        Assert.Contains("truncated block: header says 60000000 bytes", streamed.Error.Reason);
        Assert.True(allocated < 1024 * 1024, $"streaming read allocated {allocated} B");
    }

    [Theory]
    [InlineData(13u, "bad pcapng block length 13")]
    [InlineData(8u, "bad pcapng block length 8")]
    public void Pcapng_block_with_impossible_length_is_damage(uint length, string reason)
    {
        var frames = SampleFrames.Create(3, seed: 47);
        var builder = new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000);
        var damagedAt = builder.Length;
        builder.Raw([.. builder.Word(PcapNgBuilder.EnhancedPacketType), .. builder.Word(length), .. new byte[64]]);
        var path = _directory.Write("bad.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        FrameAssert.Equal(frames, read.Frames);
        Assert.Equal(damagedAt, read.Result.Error!.Offset);
        Assert.Contains(reason, read.Result.Error.Reason);
    }

    [Fact]
    public void Pcapng_packet_claiming_more_bytes_than_its_block_is_damage()
    {
        var frames = SampleFrames.Create(3, seed: 48);
        var builder = new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000);
        var damagedAt = builder.Length;
        builder.Enhanced(0, 5, 60, new byte[60], capturedLength: 0x7FFF_FFFF).AddAll(0, frames, 1_000_000_000);
        var path = _directory.Write("caplen.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        FrameAssert.Equal(frames, read.Frames);
        Assert.Equal(damagedAt, read.Result.Error!.Offset);
        Assert.Contains("implausible captured length 2147483647", read.Result.Error.Reason);
    }

    [Fact]
    public void Pcapng_block_whose_trailing_length_disagrees_is_damage()
    {
        var frames = SampleFrames.Create(6, seed: 49);
        var builder = new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000);
        var bytes = builder.ToArray();
        var damaged = builder.PacketOffsets[3];
        var end = builder.BlockOffsets[builder.BlockOffsets.IndexOf(damaged) + 1];
        bytes[end - 4] ^= 0x40;
        var path = _directory.Write("trailer.pcapng", bytes);

        var read = CaptureRead.EveryPath(path);

        FrameAssert.Equal(frames[..3], read.Frames);
        Assert.Equal(damaged, read.Result.Error!.Offset);
        Assert.Contains("block total lengths disagree", read.Result.Error.Reason);
    }

    [Fact]
    public void Pcapng_interface_with_broken_options_is_damage()
    {
        var frames = SampleFrames.Create(2, seed: 50, wholeMicroseconds: true);
        var builder = new PcapNgBuilder().Section().Interface(1).AddAll(0, frames, 1_000_000);
        var damagedAt = builder.Length;

        // An option that says it is longer than the block.
        builder.Block(PcapNgBuilder.InterfaceDescriptionType, [1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 200, 0, 6, 0, 0, 0]);
        var path = _directory.Write("options.pcapng", builder.ToArray());

        var read = CaptureRead.EveryPath(path);

        FrameAssert.Equal(frames, read.Frames);
        Assert.Equal(damagedAt, read.Result.Error!.Offset);
        Assert.Contains("option length", read.Result.Error.Reason);
    }

    private static byte[] Gzipped(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    private static (CaptureReadResult Result, long Allocated) MeasureRead(Func<CaptureFileReader> open)
    {
        using var reader = open();
        var sink = new CountingSink();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = reader.ReadAll(ref sink);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(result.Frames, sink.Frames);
        return (result, allocated);
    }
}
