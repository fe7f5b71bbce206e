using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Live;

namespace KnockSensor.Tests.Live;

/// <summary>
/// The per-frame work of a live run allocates nothing: a capture thread's decode, count and queue step
/// (<see cref="CaptureWorkerSink"/>) and the merging side's release of each event, over the whole sample, after a warm-up.
/// </summary>
public sealed class LiveAllocationTests
{
    [Fact]
    public void Decoding_queueing_and_releasing_frames_allocates_nothing()
    {
        var frames = LiveSample.Frames;
        var ring = new PortEventRing(1 << 16);
        var sink = new CaptureWorkerSink(new DecodeCounters(), new long[4096], ring, new MergerWakeup());
        var released = 0L;

        RunOnce(frames, ref sink, ring, ref released);

        // Least of three passes over the sample: a one-off allocation (tiered JIT recompiling the loop) hits one pass,
        // an allocation per frame hits all three.
        var least = long.MaxValue;
        for (var pass = 0; pass < 3; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            RunOnce(frames, ref sink, ring, ref released);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, least);
        Assert.True(released > 4 * 5000, $"only {released} events went through the queue");
    }

    private static void RunOnce(IReadOnlyList<(FrameInfo Info, byte[] Bytes)> frames, ref CaptureWorkerSink sink, PortEventRing ring, ref long released)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var (info, bytes) = frames[i];
            sink.OnFrame(info, bytes);
            while (ring.TryPeek(out _))
            {
                released += ring.Head.TimestampNs > 0 ? 1 : 0;
                ring.Advance();
            }
        }
    }
}
