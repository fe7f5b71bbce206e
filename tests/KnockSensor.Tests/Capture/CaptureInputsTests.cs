using KnockSensor.Capture.Files;

namespace KnockSensor.Tests.Capture;

/// <summary>Directory expansion: captures in ordinal name order, recognised by content, everything else skipped.</summary>
public sealed class CaptureInputsTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Directory_expands_to_its_captures_in_name_order()
    {
        var frames = SampleFrames.Create(3, seed: 71, wholeMicroseconds: true);
        var pcap = PcapFixture.Write(frames);
        var pcapng = new PcapNgBuilder().Section().Interface(1).AddAll(0, frames, 1_000_000).ToArray();
        _directory.Write("b.pcap", pcap);
        _directory.Write("B.pcap", pcap);
        _directory.Write("a.pcapng", pcapng);
        _directory.Write("capture-without-extension", pcap);
        _directory.Write("c.pcap", "not a capture at all"u8.ToArray());
        _directory.Write("d.txt", []);
        _directory.Write("e.pcap", [0xD4, 0xC3]);
        var gzipSource = _directory.Write("f.pcap", pcap);
        Tools.Gzip(gzipSource);
        _directory.Write("g.gz", Gzipped("plain text, gzipped"u8.ToArray()));
        Directory.CreateDirectory(_directory.File("h.pcap"));
        File.WriteAllBytes(Path.Combine(_directory.File("h.pcap"), "inner.pcap"), pcap);

        var captures = CaptureInputs.Expand(_directory.Path, out var skipped);

        Assert.Equal(["B.pcap", "a.pcapng", "b.pcap", "capture-without-extension", "f.pcap", "f.pcap.gz"], captures.Select(Path.GetFileName));
        Assert.Equal(["c.pcap", "d.txt", "e.pcap", "g.gz", "h.pcap"], skipped.Select(Path.GetFileName));
        foreach (var capture in captures)
        {
            var read = CaptureRead.File(capture);
            Assert.Null(read.Result.Error);
            FrameAssert.Equal(frames, read.Frames);
        }
    }

    [Fact]
    public void A_file_a_missing_path_and_stdin_stand_for_themselves()
    {
        var file = _directory.Write("x.bin", [1, 2, 3]);
        var missing = _directory.File("missing");

        Assert.Equal([file], CaptureInputs.Expand(file, out var fileSkipped));
        Assert.Equal([missing], CaptureInputs.Expand(missing));
        Assert.Equal(["-"], CaptureInputs.Expand("-"));
        Assert.Empty(fileSkipped);
    }

    [Fact]
    public void Empty_directory_expands_to_nothing()
    {
        Assert.Empty(CaptureInputs.Expand(_directory.Path, out var skipped));
        Assert.Empty(skipped);
    }

    private static byte[] Gzipped(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
