using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using KnockSensor.Capture;
using KnockSensor.Capture.Files;
using SharpPcap;
using SharpPcap.LibPcap;

namespace KnockSensor.Benchmarks.Capture;

/// <summary>
/// Reading a ~100 MB classic pcap of small frames (average near 110 B, like real port traffic) from the page
/// cache: our buffered reader (the default for files), our memory-mapped reader, our streaming reader (the
/// stdin/gzip path) over the same file, and SharpPcap's
/// libpcap file reader as the yardstick. Times and allocations are per frame (OperationsPerInvoke); frames/s is
/// 1e9 / Mean.
/// </summary>
public class CaptureFileBenchmarks
{
    /// <summary>Frames in the generated file; with 16-byte record headers this makes about 100 MB.</summary>
    public const int FrameCount = 800_000;

    private string _directory = "";
    private string _path = "";

    [GlobalSetup]
    public void WriteCapture()
    {
        _directory = Directory.CreateTempSubdirectory("ks-bench-capture-").FullName;
        _path = Path.Combine(_directory, "mixed.pcap");
        var (bytes, frameBytes) = Write(_path);
        Console.WriteLine($"// capture: {FrameCount} frames, {bytes} B, average frame {frameBytes / (double)FrameCount:F1} B");
    }

    [GlobalCleanup]
    public void DeleteCapture() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Baseline = true, OperationsPerInvoke = FrameCount)]
    public long Buffered()
    {
        using var reader = CaptureFileReader.Open(_path, CaptureFileAccess.Buffered);
        return Count(reader);
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long MemoryMapped()
    {
        using var reader = CaptureFileReader.Open(_path, CaptureFileAccess.MemoryMapped);
        return Count(reader);
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long Streamed()
    {
        using var reader = CaptureFileReader.Open(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0), "bench");
        return Count(reader);
    }

    [Benchmark(OperationsPerInvoke = FrameCount)]
    public long SharpPcapFileReader()
    {
        using var device = new CaptureFileReaderDevice(_path);
        device.Open();
        var sink = new CountingSink();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            sink.Frames++;
            sink.Bytes += capture.Data.Length + (long)(capture.Header.Timeval.Seconds >> 30);
        }

        return Checked(sink);
    }

    private static long Count(CaptureFileReader reader)
    {
        var sink = new CountingSink();
        var result = reader.ReadAll(ref sink);
        if (result.Error is not null)
        {
            throw new InvalidOperationException(result.Error.ToString());
        }

        return Checked(sink);
    }

    private static long Checked(in CountingSink sink) =>
        sink.Frames == FrameCount ? sink.Bytes : throw new InvalidOperationException($"read {sink.Frames} frames, wrote {FrameCount}");

    /// <summary>A realistic size mix: mostly bare TCP control segments and small UDP, some bulk, a few full MTU.</summary>
    private static (long FileBytes, long FrameBytes) Write(string path)
    {
        var random = new Random(20_260_101);
        var payload = new byte[1514];
        random.NextBytes(payload);
        using var output = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 262_144);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], (uint)LinkType.Ethernet);
        output.Write(header);
        Span<byte> record = stackalloc byte[16];
        long frameBytes = 0;
        var microseconds = 1_700_000_000L * 1_000_000;
        for (var i = 0; i < FrameCount; i++)
        {
            var roll = random.Next(100);
            var length = roll switch
            {
                < 60 => random.Next(54, 67),
                < 90 => random.Next(67, 140),
                < 98 => random.Next(140, 500),
                _ => random.Next(500, 1515),
            };
            microseconds += random.Next(1, 200);
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(microseconds / 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(microseconds % 1_000_000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)length);
            output.Write(record);
            output.Write(payload.AsSpan(random.Next(0, 1514 - length + 1), length));
            frameBytes += length;
        }

        output.Flush();
        return (output.Length, frameBytes);
    }

    /// <summary>The least a consumer does with a frame: count it, its bytes and its time.</summary>
    private struct CountingSink : IFrameSink
    {
        public long Frames;
        public long Bytes;

        public void OnFrame(in FrameInfo info, ReadOnlySpan<byte> frame)
        {
            Frames++;
            Bytes += frame.Length + (info.TimestampNs >> 30);
        }
    }
}
