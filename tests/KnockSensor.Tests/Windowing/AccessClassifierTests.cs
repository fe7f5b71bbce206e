using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

public sealed class AccessClassifierTests
{
    public static TheoryData<string, bool, bool> Cases => new()
    {
        // name, access under ConnectionAttempts, access under EveryPacket
        { "tcp syn", true, true },
        { "tcp syn+ack", false, true },
        { "tcp ack", false, true },
        { "tcp rst", false, true },
        { "udp ephemeral to 53", true, true },
        { "udp 53 to ephemeral (reply)", false, true },
        { "udp high to high", true, true },
        { "udp low to low", true, true },
        { "udp 1023 to 1024 (reply)", false, true },
        { "udp 1024 to 1023", true, true },
        { "icmp echo request", true, true },
        { "icmp echo reply", false, true },
        { "icmp unreachable", false, true },
        { "icmpv6 echo request", true, true },
        { "icmpv6 echo reply", false, true },
        { "tcp syn later fragment", false, false },
        { "gre", false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies_accesses_under_both_policies(string name, bool connectionAttempt, bool everyPacket)
    {
        var portEvent = Event(name);
        Assert.Equal(connectionAttempt, AccessClassifier.TryGetItem(portEvent, AccessPolicy.ConnectionAttempts, out _));
        Assert.Equal(everyPacket, AccessClassifier.TryGetItem(portEvent, AccessPolicy.EveryPacket, out _));
    }

    [Fact]
    public void Items_keep_protocols_apart_and_name_the_destination()
    {
        Assert.True(AccessClassifier.TryGetItem(TestPortEvents.TcpSyn(53), AccessPolicy.ConnectionAttempts, out var tcp));
        Assert.True(AccessClassifier.TryGetItem(TestPortEvents.Udp(40000, 53), AccessPolicy.ConnectionAttempts, out var udp));
        Assert.True(AccessClassifier.TryGetItem(TestPortEvents.Icmp(8), AccessPolicy.ConnectionAttempts, out var icmp));
        Assert.True(AccessClassifier.TryGetItem(TestPortEvents.Icmpv6(128), AccessPolicy.ConnectionAttempts, out var icmp6));
        Assert.Equal(new[] { "tcp/53", "udp/53", "icmp/8", "icmp6/128" }, new[] { tcp, udp, icmp, icmp6 }.Select(i => i.ToString()));
        Assert.Equal(4, new[] { tcp, udp, icmp, icmp6 }.Distinct().Count());
        Assert.Equal((ItemProtocol.Tcp, 53), (tcp.Protocol, tcp.Slot));
        Assert.Equal((ItemProtocol.Udp, 53), (udp.Protocol, udp.Slot));
    }

    [Fact]
    public void Every_port_of_every_protocol_is_its_own_item()
    {
        var seen = new HashSet<int>();
        for (var port = 0; port < 65536; port++)
        {
            foreach (var item in new[] { KnockItem.Tcp((ushort)port), KnockItem.Udp((ushort)port) })
            {
                Assert.InRange(item.Value, 0, KnockItem.Count - 1);
                Assert.True(seen.Add(item.Value));
                Assert.Equal(port, item.Slot);
            }
        }

        for (var type = 0; type < 256; type++)
        {
            Assert.True(seen.Add(KnockItem.Icmpv4((byte)type).Value));
            Assert.True(seen.Add(KnockItem.Icmpv6((byte)type).Value));
        }
    }

    private static PortEvent Event(string name)
    {
        var laterFragment = TestPortEvents.TcpSyn(80);
        laterFragment.Flags = PortEventFlags.LaterFragment;
        return name switch
        {
            "tcp syn" => TestPortEvents.TcpSyn(22),
            "tcp syn+ack" => TestPortEvents.Tcp(22, 40000, TcpFlags.Syn | TcpFlags.Ack),
            "tcp ack" => TestPortEvents.Tcp(40000, 22, TcpFlags.Ack),
            "tcp rst" => TestPortEvents.Tcp(40000, 22, TcpFlags.Rst),
            "udp ephemeral to 53" => TestPortEvents.Udp(40000, 53),
            "udp 53 to ephemeral (reply)" => TestPortEvents.Udp(53, 40000),
            "udp high to high" => TestPortEvents.Udp(40000, 8888),
            "udp low to low" => TestPortEvents.Udp(123, 123),
            "udp 1023 to 1024 (reply)" => TestPortEvents.Udp(1023, 1024),
            "udp 1024 to 1023" => TestPortEvents.Udp(1024, 1023),
            "icmp echo request" => TestPortEvents.Icmp(8),
            "icmp echo reply" => TestPortEvents.Icmp(0),
            "icmp unreachable" => TestPortEvents.Icmp(3),
            "icmpv6 echo request" => TestPortEvents.Icmpv6(128),
            "icmpv6 echo reply" => TestPortEvents.Icmpv6(129),
            "tcp syn later fragment" => laterFragment,
            "gre" => new PortEvent { Protocol = (IpProtocol)47, IpVersion = 4 },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }
}
