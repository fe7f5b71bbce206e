using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Tests.Decode;

/// <summary>The decoder allocates nothing per frame, whatever the frame: measured, not assumed.</summary>
public sealed class FrameDecoderAllocationTests
{
    [Fact]
    public void Decoding_a_million_mixed_frames_allocates_nothing()
    {
        // A mixed set: every link type, VLAN stacks, IPv6 chains, fragments, non-IP, unsupported, and broken copies.
        var generator = new DifferentialFrameGenerator(seed: 31_337);
        var frames = new List<(byte[] Bytes, FrameInfo Info)>();
        for (var i = 0; i < 200; i++)
        {
            var frame = generator.Next();
            frames.Add((frame.Bytes, new FrameInfo(i, frame.Bytes.Length, frame.LinkType)));
            frames.Add((frame.Bytes[..(frame.Bytes.Length / 2)], new FrameInfo(i, frame.Bytes.Length / 2, frame.LinkType)));
        }

        frames.Add((TestFrames.Ethernet(TestFrames.EtherTypeIpv4, TestFrames.Ipv4(1, 2, 6, TestFrames.Tcp(1, 2, 0x02))), new FrameInfo(0, 54, LinkType.Ethernet, VlanTci: 0x0123)));
        var set = frames.ToArray();
        var statuses = new long[Enum.GetValues<DecodeStatus>().Length];

        // Warm-up: every path JIT-compiled (and tiered up) before measuring.
        for (var round = 0; round < 500; round++)
        {
            Run(set, statuses, set.Length);
        }

        Array.Clear(statuses);
        const int Frames = 1_000_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ports = Run(set, statuses, Frames);
        var after = GC.GetAllocatedBytesForCurrentThread();

        Assert.Equal(0, after - before);
        Assert.Equal(Frames, statuses.Sum());
        Assert.All(statuses, count => Assert.True(count > 0, "every status appears in the mixed set"));
        Assert.NotEqual(0, ports);
    }

    private static long Run((byte[] Bytes, FrameInfo Info)[] set, long[] statuses, int count)
    {
        long ports = 0;
        var index = 0;
        for (var i = 0; i < count; i++)
        {
            ref readonly var frame = ref set[index];
            var status = FrameDecoder.Decode(frame.Bytes, frame.Info, out var portEvent, out _);
            statuses[(int)status]++;
            ports += portEvent.DestinationPort;
            if (++index == set.Length)
            {
                index = 0;
            }
        }

        return ports;
    }
}
