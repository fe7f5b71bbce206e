using KnockSensor.Capture.Files;

namespace KnockSensor.Tests.Capture;

/// <summary>
/// The streaming path (stdin, pipes, FIFOs, gzip) against the memory-mapped path on the same large capture, and
/// what a reader reports about itself.
/// </summary>
public sealed class StreamingPathTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Large_pcap_reads_the_same_mapped_streamed_and_gzipped()
    {
        var frames = SampleFrames.Create(10_000, seed: 81);
        var path = _directory.Write("large.pcap", PcapFixture.Write(frames, nanoseconds: true));

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
    }

    [Fact]
    public void Large_pcapng_reads_the_same_mapped_streamed_and_gzipped()
    {
        var frames = SampleFrames.Create(10_000, seed: 82);
        var path = _directory.Write("large.pcapng", new PcapNgBuilder().Section().Interface(1, timestampResolution: 9).AddAll(0, frames, 1_000_000_000).ToArray());

        var read = CaptureRead.EveryPath(path);

        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
    }

    [Fact]
    public async Task Fifo_is_streamed_not_mapped()
    {
        var frames = SampleFrames.Create(5_000, seed: 83, wholeMicroseconds: true);
        var bytes = PcapFixture.Write(frames);
        var fifo = _directory.File("capture.fifo");
        Tools.Run("mkfifo", fifo);
        var writer = Task.Run(() => File.WriteAllBytes(fifo, bytes));

        var read = CaptureRead.File(fifo);

        await writer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(CaptureFileAccess.Streamed, read.Access);
        Assert.Null(read.Result.Error);
        FrameAssert.Equal(frames, read.Frames);
    }

    [Fact]
    public void Reader_reports_format_size_and_progress()
    {
        var frames = SampleFrames.Create(1_000, seed: 84, wholeMicroseconds: true);
        var path = _directory.Write("p.pcap", PcapFixture.Write(frames));
        var gz = Tools.Gzip(path);

        using (var mapped = CaptureFileReader.Open(path))
        {
            Assert.Equal(CaptureFileFormat.Pcap, mapped.Format);
            Assert.Equal(new FileInfo(path).Length, mapped.TotalBytes);
            var sink = new CountingSink();
            mapped.ReadAll(ref sink);
            Assert.Equal(new FileInfo(path).Length, mapped.BytesConsumed);
            Assert.Throws<InvalidOperationException>(() => mapped.ReadAll(ref sink));
        }

        using (var compressed = CaptureFileReader.Open(gz))
        {
            Assert.True(compressed.Compressed);
            Assert.Equal(new FileInfo(gz).Length, compressed.TotalBytes);
            var sink = new CountingSink();
            compressed.ReadAll(ref sink);
            Assert.Equal(new FileInfo(gz).Length, compressed.BytesConsumed);
            Assert.Equal(frames.Count, sink.Frames);
        }

        var disposed = CaptureFileReader.Open(path);
        disposed.Dispose();
        var unused = new CountingSink();
        Assert.Throws<ObjectDisposedException>(() => disposed.ReadAll(ref unused));
    }
}
