using KnockSensor.Decode;
using KnockSensor.Live;

namespace KnockSensor.Tests.Live;

public sealed class PortEventRingTests
{
    [Fact]
    public void Runs_stop_at_the_end_of_the_ring_and_at_max_and_continue_after_it()
    {
        var ring = new PortEventRing(8);
        Assert.True(ring.PeekRun(8).IsEmpty);
        for (var i = 0; i < 6; i++)
        {
            Assert.True(ring.TryWrite(new PortEvent { TimestampNs = i }));
        }

        ring.Advance(ring.PeekRun(5).Length);     // 0..4 read: head at slot 5
        for (var i = 6; i < 12; i++)
        {
            Assert.True(ring.TryWrite(new PortEvent { TimestampNs = i }));   // 8..11 wrap to slots 0..3
        }

        Assert.True(ring.TryWrite(default));        // 5..11 and this one: 8 queued, the ring is full
        Assert.False(ring.TryWrite(default));
        var first = ring.PeekRun(100);
        Assert.Equal([5L, 6, 7], Timestamps(first));
        Assert.Equal([5L, 6], Timestamps(ring.PeekRun(2)));
        ring.Advance(first.Length);
        Assert.Equal([8L, 9, 10, 11, 0], Timestamps(ring.PeekRun(100)));
        ring.Advance(5);
        Assert.True(ring.PeekRun(100).IsEmpty);
    }

    private static long[] Timestamps(ReadOnlySpan<PortEvent> run)
    {
        var timestamps = new long[run.Length];
        for (var i = 0; i < run.Length; i++)
        {
            timestamps[i] = run[i].TimestampNs;
        }

        return timestamps;
    }
}
