using System.IO.Compression;
using KnockSensor.Capture.Files;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// A capture cut at any byte: every frame wholly before the cut is delivered, and the read ends with an error
/// naming the offset of the record the cut fell in and saying it is truncated. The memory-mapped, streaming and
/// gzip paths must agree at every cut.
/// </summary>
public sealed class TruncationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Pcap_cut_anywhere_keeps_every_whole_record()
    {
        var frames = SampleFrames.Create(20, seed: 31, wholeMicroseconds: true);
        var source = _directory.Write("source.pcap", PcapFixture.Write(frames));
        var path = _directory.File("tcpdump.pcap");
        Tools.Run("tcpdump", "-n", "-r", source, "-w", path);
        var bytes = File.ReadAllBytes(path);
        var recordOffsets = PcapFixture.RecordOffsets(frames);
        Assert.Equal(bytes.Length, recordOffsets[^1]);

        foreach (var cut in CutPoints(recordOffsets, bytes.Length))
        {
            var whole = recordOffsets.Skip(1).Count(end => end <= cut);
            var clean = cut == bytes.Length || recordOffsets.Contains(cut);
            long damagedAt = cut < PcapFixture.FileHeaderLength ? 0 : recordOffsets[whole];
            CheckCut(bytes, cut, frames, whole, clean, damagedAt);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pcapng_cut_anywhere_keeps_every_whole_block(bool bigEndian)
    {
        var frames = SampleFrames.Create(16, seed: 32);
        var builder = new PcapNgBuilder().Section(bigEndian).Interface(1, timestampResolution: 9).Interface(113);
        for (var i = 0; i < frames.Count; i++)
        {
            builder.Enhanced(0, (ulong)frames[i].TimestampNs, frames[i]);
            if (i % 7 == 3)
            {
                builder.Block(PcapNgBuilder.InterfaceStatisticsType, new byte[20]);
            }
        }

        var bytes = builder.ToArray();
        var blockEnds = builder.BlockOffsets.Skip(1).Append(bytes.Length).ToArray();
        long[] boundaries = [0, .. blockEnds];
        var packetEnds = builder.PacketOffsets.Select(start => blockEnds[builder.BlockOffsets.IndexOf(start)]).ToArray();

        foreach (var cut in CutPoints(boundaries, bytes.Length))
        {
            var whole = packetEnds.Count(end => end <= cut);
            var clean = boundaries.Contains(cut);
            var damagedAt = clean ? -1 : builder.BlockOffsets[blockEnds.Count(end => end <= cut)];
            CheckCut(bytes, cut, frames, whole, clean, damagedAt);
        }
    }

    [Fact]
    public void Truncated_gzip_file_keeps_what_was_decompressed_and_reports_damage()
    {
        var frames = SampleFrames.Create(3000, seed: 33, wholeMicroseconds: true);
        var path = _directory.Write("whole.pcap", PcapFixture.Write(frames));
        var compressed = File.ReadAllBytes(Tools.Gzip(path));

        foreach (var fraction in new[] { 0.3, 0.6, 0.95 })
        {
            var cutPath = _directory.Write($"cut{fraction}.pcap.gz", compressed[..(int)(compressed.Length * fraction)]);

            var read = CaptureRead.File(cutPath);

            Assert.NotNull(read.Result.Error);
            Assert.InRange(read.Frames.Count, 1, frames.Count - 1);
            FrameAssert.Prefix(frames, read.Frames.Count, read.Frames);
        }
    }

    private void CheckCut(byte[] bytes, int cut, List<CapturedFrame> frames, int wholeFrames, bool clean, long damagedAt)
    {
        var because = $"cut at {cut}";
        var path = _directory.Write("cut.bin", bytes[..cut]);
        if (cut < 4)
        {
            // Not even a magic number: the input is refused when opened, at offset 0.
            var refused = CaptureRead.OpenFails(() => CaptureFileReader.Open(path));
            Assert.Equal(0, refused.Offset);
            Assert.Contains(cut == 0 ? "empty" : "too short", refused.Reason);
            CaptureRead.OpenFails(() => CaptureFileReader.Open(new TricklingStream(bytes[..cut], cut, 100), "stdin"));
            return;
        }

        var mapped = CaptureRead.File(path);
        Assert.True(mapped.Frames.Count == wholeFrames, $"{because}: {mapped.Frames.Count} frames, expected {wholeFrames}");
        FrameAssert.Prefix(frames, wholeFrames, mapped.Frames);
        if (clean)
        {
            Assert.True(mapped.Result.Error is null, $"{because}: unexpected {mapped.Result.Error}");
        }
        else
        {
            Assert.True(mapped.Result.Error is not null, $"{because}: no error reported");
            Assert.True(damagedAt == mapped.Result.Error.Offset, $"{because}: error at {mapped.Result.Error.Offset}, expected {damagedAt}");
            Assert.Contains("truncated", mapped.Result.Error.Reason);
            Assert.Contains("offset " + damagedAt, mapped.Result.Error.ToString());
        }

        CaptureRead.SameOutcome(mapped, CaptureRead.Trickled(bytes[..cut], seed: cut), compressed: false);
        using var gzip = new MemoryStream();
        using (var compressor = new GZipStream(gzip, CompressionLevel.Fastest, leaveOpen: true))
        {
            compressor.Write(bytes, 0, cut);
        }

        using var reader = CaptureFileReader.Open(new TricklingStream(gzip.ToArray(), cut, 3000), "gz");
        CaptureRead.SameOutcome(mapped, CaptureRead.ReadAll(reader), compressed: true);
    }

    /// <summary>Every byte of the first records, a few bytes each side of every boundary, and the last record.</summary>
    private static SortedSet<int> CutPoints(IReadOnlyList<long> boundaries, int length)
    {
        var cuts = new SortedSet<int>();
        for (var cut = 0; cut <= Math.Min(length, 260); cut++)
        {
            cuts.Add(cut);
        }

        foreach (var boundary in boundaries)
        {
            foreach (var delta in new[] { -5, -1, 0, 1, 4, 8, 12, 16, 17 })
            {
                cuts.Add((int)Math.Clamp(boundary + delta, 0, length));
            }
        }

        var last = (int)boundaries[^2];
        for (var cut = last; cut <= length; cut += Math.Max(1, (length - last) / 64))
        {
            cuts.Add(cut);
        }

        return cuts;
    }
}
