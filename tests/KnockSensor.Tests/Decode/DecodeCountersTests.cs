using KnockSensor.Capture;
using KnockSensor.Decode;

namespace KnockSensor.Tests.Decode;

public sealed class DecodeCountersTests
{
    private static PortEvent Tcp(ushort port, TcpFlags flags) =>
        new() { IpVersion = 4, Protocol = IpProtocol.Tcp, DestinationPort = port, TcpFlags = flags };

    private static PortEvent Udp(ushort port, byte ipVersion = 4) =>
        new() { IpVersion = ipVersion, Protocol = IpProtocol.Udp, DestinationPort = port };

    [Fact]
    public void Syn_counts_only_syn_without_ack()
    {
        var counters = new DecodeCounters();
        var info = new FrameInfo(1_000, 60, LinkType.Ethernet);

        counters.Record(DecodeStatus.Transport, Tcp(80, TcpFlags.Syn), MalformedReason.None, info, 60);
        counters.Record(DecodeStatus.Transport, Tcp(80, TcpFlags.Syn | TcpFlags.Ack), MalformedReason.None, info, 60);
        counters.Record(DecodeStatus.Transport, Tcp(80, TcpFlags.Syn | TcpFlags.Ece | TcpFlags.Cwr), MalformedReason.None, info, 60);
        counters.Record(DecodeStatus.Transport, Tcp(80, TcpFlags.Ack), MalformedReason.None, info, 60);

        Assert.Equal(4, counters.Tcp);
        Assert.Equal(2, counters.TcpSyn);
        Assert.Equal(2, counters.TcpSynTo(80));
    }

    [Fact]
    public void Every_status_lands_in_exactly_one_bucket()
    {
        var counters = new DecodeCounters();
        var info = new FrameInfo(5, 100, LinkType.Ethernet);
        var ip6 = new PortEvent { IpVersion = 6, Protocol = (IpProtocol)47 };

        counters.Record(DecodeStatus.Transport, Udp(53, ipVersion: 6), MalformedReason.None, info, 90);
        counters.Record(DecodeStatus.OtherIpProtocol, ip6, MalformedReason.None, info, 90);
        counters.Record(DecodeStatus.LaterFragment, new PortEvent { IpVersion = 4, Protocol = IpProtocol.Udp }, MalformedReason.None, info, 90);
        counters.Record(DecodeStatus.NotIp, default, MalformedReason.None, info, 90);
        counters.Record(DecodeStatus.UnsupportedLinkType, default, MalformedReason.None, info with { LinkType = (LinkType)147 }, 90);
        counters.Record(DecodeStatus.Malformed, default, MalformedReason.BadUdpLength, info, 90);

        Assert.Equal(6, counters.Frames);
        Assert.Equal(600, counters.WireBytes);
        Assert.Equal(540, counters.CapturedBytes);
        Assert.Equal(1, counters.Udp);
        Assert.Equal(1, counters.OtherIpProtocol);
        Assert.Equal(1, counters.LaterFragments);
        Assert.Equal(1, counters.NotIp);
        Assert.Equal(1, counters.UnsupportedLinkType);
        Assert.Equal(1, counters.Malformed);
        Assert.Equal(1, counters.MalformedBy(MalformedReason.BadUdpLength));
        Assert.Equal(2, counters.Ipv6);
        Assert.Equal(1, counters.Ipv4);
        Assert.Equal([(147u, 1L)], counters.UnsupportedLinkTypes());
    }

    [Fact]
    public void Unsupported_link_types_stay_bounded()
    {
        var counters = new DecodeCounters();
        for (uint linkType = 200; linkType < 220; linkType++)
        {
            counters.Record(DecodeStatus.UnsupportedLinkType, default, MalformedReason.None, new FrameInfo(0, 1, (LinkType)linkType), 1);
        }

        counters.Record(DecodeStatus.UnsupportedLinkType, default, MalformedReason.None, new FrameInfo(0, 1, (LinkType)200), 1);

        var table = counters.UnsupportedLinkTypes();
        Assert.Equal(DecodeCounters.UnsupportedLinkTypeSlots, table.Count);
        Assert.Equal((200u, 2L), table[0]);
        Assert.Equal((DecodeCounters.OtherLinkTypes, 13L), table[^1]);
        Assert.Equal(21, table.Sum(static t => t.Frames));
    }

    [Fact]
    public void Top_ports_are_busiest_first_then_by_port()
    {
        var counters = new DecodeCounters();
        var info = new FrameInfo(0, 60, LinkType.Ethernet);
        void Repeat(PortEvent e, int n)
        {
            for (var i = 0; i < n; i++)
            {
                counters.Record(DecodeStatus.Transport, e, MalformedReason.None, info, 60);
            }
        }

        Repeat(Tcp(443, TcpFlags.Syn), 5);
        Repeat(Udp(53), 5);
        Repeat(Tcp(22, TcpFlags.Syn), 7);
        Repeat(Udp(123), 1);

        var top = counters.TopDestinationPorts(3);

        Assert.Equal([("tcp", (ushort)22, 7L), ("udp", (ushort)53, 5L), ("tcp", (ushort)443, 5L)], top);
    }

    [Fact]
    public void Add_merges_totals_tables_and_time_span()
    {
        var a = new DecodeCounters();
        var b = new DecodeCounters();
        a.Record(DecodeStatus.Transport, Tcp(80, TcpFlags.Syn), MalformedReason.None, new FrameInfo(2_000, 60, LinkType.Ethernet), 60);
        b.Record(DecodeStatus.Transport, Tcp(80, TcpFlags.Syn), MalformedReason.None, new FrameInfo(1_000, 60, LinkType.Ethernet), 60);
        b.Record(DecodeStatus.Malformed, default, MalformedReason.TruncatedIpHeader, new FrameInfo(3_000, 20, LinkType.Ethernet), 20);
        b.Record(DecodeStatus.UnsupportedLinkType, default, MalformedReason.None, new FrameInfo(3_000, 20, (LinkType)999), 20);

        a.Add(b);

        Assert.Equal(4, a.Frames);
        Assert.Equal(2, a.TcpSynTo(80));
        Assert.Equal(1, a.MalformedBy(MalformedReason.TruncatedIpHeader));
        Assert.Equal([(999u, 1L)], a.UnsupportedLinkTypes());
        Assert.Equal(1_000, a.FirstTimestampNs);
        Assert.Equal(3_000, a.LastTimestampNs);
    }
}
