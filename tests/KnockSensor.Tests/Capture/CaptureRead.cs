using KnockSensor.Capture.Files;

namespace KnockSensor.Tests.Capture;

/// <summary>What one read delivered: the frames and the result.</summary>
internal sealed record ReadOutcome(List<CapturedFrame> Frames, CaptureReadResult Result, CaptureFileAccess Access, bool Compressed);

/// <summary>Reads a capture through the public API, by path or as a stream, keeping every frame.</summary>
internal static class CaptureRead
{
    public static ReadOutcome File(string path, CaptureFileAccess fileAccess = CaptureFileAccess.Buffered)
    {
        using var reader = CaptureFileReader.Open(path, fileAccess);
        return ReadAll(reader);
    }

    /// <summary>Reads through the streaming path, the stream handing out the bytes in irregular small pieces.</summary>
    public static ReadOutcome Trickled(byte[] bytes, int seed = 1, int maximumChunk = 7_000, string name = "trickle")
    {
        using var reader = CaptureFileReader.Open(new TricklingStream(bytes, seed, maximumChunk), name);
        return ReadAll(reader);
    }

    public static ReadOutcome ReadAll(CaptureFileReader reader)
    {
        var frames = new List<CapturedFrame>();
        var sink = new RecordingSink(frames);
        var result = reader.ReadAll(ref sink);
        Assert.Equal(frames.Count, result.Frames);
        Assert.Equal(frames.Sum(f => (long)f.CapturedLength), result.CapturedBytes);
        return new ReadOutcome(frames, result, reader.Access, reader.Compressed);
    }

    /// <summary>
    /// Reads a capture file buffered (the default), memory-mapped, streamed from the file, as a trickling stream
    /// (three ways of cutting it), and gzip-compressed by the real gzip tool; asserts all of them deliver the same
    /// frames and the same damage, and returns the default (buffered) read.
    /// </summary>
    public static ReadOutcome EveryPath(string path)
    {
        var buffered = File(path);
        Assert.Equal(CaptureFileAccess.Buffered, buffered.Access);
        Assert.False(buffered.Compressed);
        var mapped = File(path, CaptureFileAccess.MemoryMapped);
        Assert.Equal(CaptureFileAccess.MemoryMapped, mapped.Access);
        SameOutcome(buffered, mapped, compressed: false);
        var streamedFile = File(path, CaptureFileAccess.Streamed);
        Assert.Equal(CaptureFileAccess.Streamed, streamedFile.Access);
        SameOutcome(buffered, streamedFile, compressed: false);
        var bytes = System.IO.File.ReadAllBytes(path);
        foreach (var (seed, chunk) in new[] { (1, 7_000), (2, 70_000), (3, 1_000) })
        {
            var streamed = Trickled(bytes, seed, chunk);
            Assert.Equal(CaptureFileAccess.Streamed, streamed.Access);
            SameOutcome(buffered, streamed, compressed: false);
        }

        var gzipped = File(Tools.Gzip(path));
        Assert.Equal(CaptureFileAccess.Streamed, gzipped.Access);
        Assert.True(gzipped.Compressed);
        SameOutcome(buffered, gzipped, compressed: true);
        return buffered;
    }

    public static void SameOutcome(ReadOutcome expected, ReadOutcome actual, bool compressed)
    {
        FrameAssert.Equal(expected.Frames, actual.Frames);
        if (expected.Result.Error is null)
        {
            Assert.Null(actual.Result.Error);
            return;
        }

        Assert.NotNull(actual.Result.Error);
        Assert.Equal(expected.Result.Error.Offset, actual.Result.Error.Offset);
        Assert.StartsWith(expected.Result.Error.Reason, actual.Result.Error.Reason, StringComparison.Ordinal);
        Assert.Equal(compressed, actual.Result.Error.Reason.Contains("uncompressed", StringComparison.Ordinal));
    }

    /// <summary>The exception Open throws for an input that is not a capture at all.</summary>
    public static CaptureFileException OpenFails(Func<CaptureFileReader> open)
    {
        var exception = Assert.Throws<CaptureFileException>(() =>
        {
            using var reader = open();
        });
        Assert.DoesNotContain('\n', exception.Message);
        return exception;
    }
}
