using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Tests.Decode;

/// <summary>
/// AF_PACKET strips the outermost VLAN tag and reports it beside the frame (<see cref="FrameInfo.VlanTci"/>); no file
/// format and so no oracle has that, so these cases are checked directly.
/// </summary>
public sealed class FrameDecoderKernelVlanTests
{
    private static readonly byte[] Syn = TestFrames.Ipv4(0x0A000001, 0x0A000002, 6, TestFrames.Tcp(40_000, 22, 0x02));

    [Fact]
    public void Kernel_tag_is_the_outer_one_and_frame_tags_follow_it()
    {
        var frame = TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Syn, (TestFrames.Tpid8021Q, 0x2000 | 200), (TestFrames.Tpid8021Q, 300));

        var status = FrameDecoder.Decode(frame, new FrameInfo(0, frame.Length, LinkType.Ethernet, VlanTci: 0xE000 | 100), out var e, out _);

        Assert.Equal(DecodeStatus.Transport, status);
        Assert.Equal((2, 100, 200), (e.VlanCount, e.OuterVlanId, e.InnerVlanId));
        Assert.True((e.Flags & PortEventFlags.ExtraVlanTags) != 0, "the third tag (300) is beyond the two kept");
        Assert.Equal(22, e.DestinationPort);
    }

    [Fact]
    public void Kernel_tag_counts_toward_the_stack_bound()
    {
        var eightTags = Enumerable.Range(1, 8).Select(i => (TestFrames.Tpid8021Q, (ushort)i)).ToArray();
        var sevenTags = eightTags[..7];
        var withEight = TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Syn, eightTags);
        var withSeven = TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Syn, sevenTags);

        var sevenPlusKernel = FrameDecoder.Decode(withSeven, new FrameInfo(0, withSeven.Length, LinkType.Ethernet, VlanTci: 9), out _, out _);
        var eightAlone = FrameDecoder.Decode(withEight, new FrameInfo(0, withEight.Length, LinkType.Ethernet), out _, out _);
        var eightPlusKernel = FrameDecoder.Decode(withEight, new FrameInfo(0, withEight.Length, LinkType.Ethernet, VlanTci: 9), out _, out var reason);

        Assert.Equal(DecodeStatus.Transport, sevenPlusKernel);
        Assert.Equal(DecodeStatus.Transport, eightAlone);
        Assert.Equal((DecodeStatus.Malformed, MalformedReason.VlanStackTooDeep), (eightPlusKernel, reason));
    }

    [Fact]
    public void Kernel_tag_alone_is_recorded_and_non_ip_stays_not_ip()
    {
        var arp = TestFrames.Ethernet(TestFrames.EtherTypeArp, new byte[28]);
        var untagged = TestFrames.Ethernet(TestFrames.EtherTypeIpv4, Syn);

        Assert.Equal(DecodeStatus.NotIp, FrameDecoder.Decode(arp, new FrameInfo(0, arp.Length, LinkType.Ethernet, VlanTci: 5), out _, out _));
        FrameDecoder.Decode(untagged, new FrameInfo(0, untagged.Length, LinkType.Ethernet, VlanTci: 0x0FFF), out var e, out _);
        Assert.Equal((1, 0x0FFF), (e.VlanCount, e.OuterVlanId));
    }
}
