using System.Buffers.Binary;
using System.Net;
using KnockSensor.Capture.Files;
using KnockSensor.Decode;
using KnockSensor.Offline;
using PacketDotNet;

namespace KnockSensor.Tests.Offline;

/// <summary>
/// The whole offline hot path (memory-mapped reader → decoder → counters) allocates nothing per packet: reading a
/// file ten times larger costs no more than a fixed amount of allocation.
/// </summary>
public sealed class OfflinePipelineAllocationTests : IDisposable
{
    private readonly string _small = Path.Combine(Path.GetTempPath(), $"ks-alloc-small-{Guid.NewGuid():N}.pcap");
    private readonly string _large = Path.Combine(Path.GetTempPath(), $"ks-alloc-large-{Guid.NewGuid():N}.pcap");

    public void Dispose()
    {
        File.Delete(_small);
        File.Delete(_large);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Allocation_does_not_grow_with_packet_count(bool withStageThread)
    {
        var frames = SampleFrames();
        WritePcap(_small, frames, 20_000);
        WritePcap(_large, frames, 200_000);
        var counters = new DecodeCounters();

        // With a stage thread, the reading thread decodes into the pipeline's batches and hands them over: that
        // path must not allocate per packet either (the stage here only counts).
        var stage = new CountingStage();
        using var stages = withStageThread ? new StagePipeline(stage, null, threaded: true) : null;
        ReadOnce(_large, counters, stages);
        ReadOnce(_small, counters, stages);

        var small = MeasureRead(_small, counters, stages);
        var large = MeasureRead(_large, counters, stages);
        stages?.Complete();
        Assert.Equal(withStageThread ? 4 * 220_000L : 0, stage.Events);

        Assert.Equal(20_000L, small.Frames);
        Assert.Equal(200_000L, large.Frames);
        Assert.True(large.Allocated <= small.Allocated + 1024,
            $"reading 200k frames allocated {large.Allocated} B, 20k frames {small.Allocated} B: something allocates per packet");
        Assert.True(counters.TcpSyn > 0 && counters.Udp > 0 && counters.Ipv6 > 0);
    }

    /// <summary>
    /// The least of three reads: the reader rents its buffer from the shared pool, which other tests running in
    /// parallel can leave empty for a moment, so one read may pay for a fresh buffer. Per-packet allocation shows in all three.
    /// </summary>
    private static (long Frames, long Allocated) MeasureRead(string path, DecodeCounters counters, StagePipeline? stages)
    {
        var least = long.MaxValue;
        var frames = 0L;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            frames = ReadOnce(path, counters, stages);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return (frames, least);
    }

    private static long ReadOnce(string path, DecodeCounters counters, StagePipeline? stages)
    {
        using var reader = CaptureFileReader.Open(path);
        var sink = new DecodingSink(counters, stages);
        var result = reader.ReadAll(ref sink);
        Assert.Null(result.Error);
        return result.Frames;
    }

    private static byte[][] SampleFrames()
    {
        var mac = System.Net.NetworkInformation.PhysicalAddress.Parse("02-00-00-00-00-01");
        var syn = new TcpPacket(40000, 999) { Synchronize = true, SequenceNumber = 1 };
        var ip4 = new IPv4Packet(IPAddress.Parse("198.51.100.7"), IPAddress.Parse("10.1.1.114")) { PayloadPacket = syn };
        var udp = new UdpPacket(5353, 888);
        var ip6 = new IPv6Packet(IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2")) { PayloadPacket = udp };
        return
        [
            new EthernetPacket(mac, mac, EthernetType.IPv4) { PayloadPacket = ip4 }.Bytes,
            new EthernetPacket(mac, mac, EthernetType.IPv6) { PayloadPacket = ip6 }.Bytes,
        ];
    }

    private static void WritePcap(string path, byte[][] frames, int count)
    {
        using var stream = new BufferedStream(File.Create(path), 1 << 20);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 1);
        stream.Write(header);
        Span<byte> record = stackalloc byte[16];
        for (var i = 0; i < count; i++)
        {
            var frame = frames[i % frames.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(1_700_000_000 + (i / 1000)));
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(i % 1000 * 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)frame.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)frame.Length);
            stream.Write(record);
            stream.Write(frame);
        }
    }

    private sealed class CountingStage : IPortEventSink
    {
        public long Events { get; private set; }

        public void Add(in PortEvent portEvent) => Events++;

        public void Flush()
        {
        }
    }
}
