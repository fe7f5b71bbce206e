using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using KnockSensor.Capture;
using KnockSensor.Decode;
using KnockSensor.Output;
using KnockSensor.Tests.Capture;
using PacketDotNet;
using PacketDotNet.Utils;

namespace KnockSensor.Tests.Output;

/// <summary>
/// Community ID v1 against the two independent references there are: the spec's published baseline and Wireshark's
/// own <c>communityid</c> dissector run on frames built here.
/// </summary>
public sealed class CommunityIdTests
{
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("02-00-00-00-00-01");

    /// <summary>
    /// The spec repository's baseline (community-id-spec baseline/baseline_deflt.json, seed 0, every row, and
    /// baseline_seed1.json, seed 1, one row per protocol): each packet's tuple as its reference script keys it. For
    /// ICMP the two "ports" are the type and the counterpart type (a request/reply type) or the type and the code
    /// (a one-way type); RSVP (46) has no ports.
    /// </summary>
    [Theory]
    [InlineData(0, 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=")]
    [InlineData(0, 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 136, 135, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=")]
    [InlineData(0, 58, "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", 135, 136, "1:zavyT/cezQr1fmImYCwYnMXbgck=")]
    [InlineData(0, 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 136, 135, "1:zavyT/cezQr1fmImYCwYnMXbgck=")]
    [InlineData(0, 58, "3ffe:501:1800:2345::2", "3ffe:507:0:1:200:86ff:fe05:80da", 3, 0, "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=")]
    [InlineData(0, 58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4, "1:hLZd0XGWojozrvxqE0dWB1iM6R0=")]
    [InlineData(0, 58, "3ffe:507:0:1:200:86ff:fe05:80da", "3ffe:501:0:1001::2", 128, 129, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=")]
    [InlineData(0, 58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128, "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=")]
    [InlineData(0, 58, "fe80::200:86ff:fe05:80da", "ff02::2", 133, 134, "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=")]
    [InlineData(0, 58, "fe80::260:97ff:fe07:69ea", "ff02::1", 134, 133, "1:pkvHqCL88/tg1k4cPigmZXUtL00=")]
    [InlineData(0, 1, "192.168.0.89", "192.168.0.1", 8, 0, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=")]
    [InlineData(0, 1, "192.168.0.1", "192.168.0.89", 0, 8, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=")]
    [InlineData(0, 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:YHxtAirCG//0OzkcVAukqKQN9xM=")]
    [InlineData(0, 6, "2001:470:e5bf:dead:4957:2174:e82c:4887", "2607:f8b0:400c:c03::1a", 63943, 25, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=")]
    [InlineData(0, 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=")]
    [InlineData(0, 132, "192.168.170.8", "192.168.170.56", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=")]
    [InlineData(0, 132, "192.168.170.56", "192.168.170.8", 7, 7, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=")]
    [InlineData(0, 6, "128.232.110.120", "66.35.250.204", 34855, 80, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=")]
    [InlineData(0, 6, "66.35.250.204", "128.232.110.120", 80, 34855, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=")]
    [InlineData(0, 17, "192.168.1.52", "8.8.8.8", 54585, 53, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=")]
    [InlineData(0, 17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=")]
    [InlineData(0, 46, "10.1.12.1", "10.1.12.2", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=")]
    [InlineData(0, 46, "10.1.12.2", "10.1.12.1", 0, 0, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=")]
    [InlineData(1, 58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea", 135, 136, "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY=")]
    [InlineData(1, 58, "3ffe:501:410:0:2c0:dfff:fe47:33e", "3ffe:507:0:1:200:86ff:fe05:80da", 1, 4, "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8=")]
    [InlineData(1, 58, "3ffe:501:0:1001::2", "3ffe:507:0:1:200:86ff:fe05:80da", 129, 128, "1:GfZxjAkDk2MkegpBYHV6tadtFXQ=")]
    [InlineData(1, 1, "192.168.0.1", "192.168.0.89", 0, 8, "1:03g6IloqVBdcZlPyX8r0hgoE7kA=")]
    [InlineData(1, 1, "10.0.0.1", "10.0.0.2", 11, 0, "1:XjUibYHaafLQ3pxQeiMI8g25q20=")]
    [InlineData(1, 6, "2607:f8b0:400c:c03::1a", "2001:470:e5bf:dead:4957:2174:e82c:4887", 25, 63943, "1:eJYTW6AOzFLlSUoESovMjnu7rMw=")]
    [InlineData(1, 132, "192.168.170.8", "192.168.170.56", 7, 7, "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg=")]
    [InlineData(1, 6, "128.232.110.120", "66.35.250.204", 34855, 80, "1:3V71V58M3Ksw/yuFALMcW0LAHvc=")]
    [InlineData(1, 17, "8.8.8.8", "192.168.1.52", 53, 54585, "1:Q9We8WO3piVF8yEQBNJF4uiSVrI=")]
    [InlineData(1, 46, "10.1.12.2", "10.1.12.1", 0, 0, "1:rYir8gphR31noO9iDRQmF/BteEI=")]
    public void The_spec_baseline_hashes_alike(int seed, int protocol, string source, string destination, int sourcePort, int destinationPort, string expected)
    {
        var from = Address(source);
        var to = Address(destination);
        string actual;
        if (protocol is 1 or 58)
        {
            var icmpv6 = protocol == 58;
            var type = (byte)sourcePort;
            var counterpart = icmpv6 ? CommunityId.Icmpv6Counterpart(type) : CommunityId.Icmpv4Counterpart(type);
            if (counterpart is { } reply)
            {
                // A request/reply row names the counterpart; its code does not enter the hash, so any code will do.
                Assert.Equal(destinationPort, reply);
                actual = CommunityId.ComputeIcmp(from, to, icmpv6, type, 7, (ushort)seed);
            }
            else
            {
                actual = CommunityId.ComputeIcmp(from, to, icmpv6, type, (byte)destinationPort, (ushort)seed);
            }
        }
        else
        {
            // RSVP rows have no ports: whatever is passed must not count.
            var ignored = protocol is 6 or 17 or 132 ? 0 : 999;
            actual = CommunityId.Compute(from, (ushort)(sourcePort + ignored), to, (ushort)(destinationPort + ignored), (byte)protocol, (ushort)seed);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Every_hash_equals_wiresharks_communityid_on_the_same_frames()
    {
        var flows = OracleFlows();
        using var directory = new TempDirectory();
        var frames = flows.Select((f, i) => new CapturedFrame(1_700_000_000_000_000_000L + (i * 1_000_000L), f.Frame.Length, LinkType.Ethernet, 0, f.Frame)).ToList();
        var pcap = directory.Write("flows.pcap", PcapFixture.Write(frames));

        var output = Tools.Run("tshark", "-n", "-r", pcap, "--enable-protocol", "communityid", "-T", "fields", "-e", "frame.number", "-e", "communityid");

        var byFrame = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(static line => line.Split('\t'))
            .ToDictionary(static f => int.Parse(f[0], CultureInfo.InvariantCulture), static f => f.Length > 1 ? f[1].Trim() : "");
        Assert.Equal(flows.Count, byFrame.Count);
        for (var i = 0; i < flows.Count; i++)
        {
            Assert.True(byFrame[i + 1].StartsWith("1:", StringComparison.Ordinal), $"tshark gave no Community ID for {flows[i].What}");
            Assert.True(byFrame[i + 1] == flows[i].Ours, $"{flows[i].What}: tshark {byFrame[i + 1]}, ours {flows[i].Ours}");
        }

        // The directions of one flow hash alike (tshark agreeing with that is the point of the ID).
        Assert.Equal(flows[0].Ours, flows[1].Ours);
        Assert.NotEqual(flows[0].Ours, flows[2].Ours);
    }

    [Fact]
    public void A_flow_hashes_alike_from_either_end_and_ports_decide_between_equal_addresses()
    {
        var a = Address("10.0.0.1");
        var b = Address("10.0.0.2");

        Assert.Equal(CommunityId.Compute(a, 40000, b, 22, 6), CommunityId.Compute(b, 22, a, 40000, 6));
        Assert.Equal(CommunityId.Compute(a, 50000, a, 80, 6), CommunityId.Compute(a, 80, a, 50000, 6));
        Assert.NotEqual(CommunityId.Compute(a, 40000, b, 22, 6), CommunityId.Compute(a, 40000, b, 22, 17));
        Assert.NotEqual(CommunityId.Compute(a, 40000, b, 22, 6), CommunityId.Compute(a, 40000, b, 22, 6, seed: 1));

        // One-way ICMP keeps packet order: the two directions of "port unreachable" are different flows.
        Assert.NotEqual(CommunityId.ComputeIcmp(a, b, icmpv6: false, 3, 3), CommunityId.ComputeIcmp(b, a, icmpv6: false, 3, 3));
        Assert.Equal(CommunityId.ComputeIcmp(a, b, icmpv6: false, 8, 0), CommunityId.ComputeIcmp(b, a, icmpv6: false, 0, 0));
    }

    [Fact]
    public void Icmp_goes_through_its_own_entry_and_families_do_not_mix()
    {
        Assert.Throws<ArgumentException>(() => CommunityId.Compute(Address("10.0.0.1"), 0, Address("10.0.0.2"), 0, 1));
        Assert.Throws<ArgumentException>(() => CommunityId.Compute(Address("10.0.0.1"), 1, Address("2001:db8::1"), 2, 6));
    }

    private static PacketAddress Address(string text) => PacketAddress.FromIPAddress(IPAddress.Parse(text));

    /// <summary>
    /// One frame per case: TCP and UDP over IPv4 and IPv6 in both directions, SCTP, ICMP and ICMPv6 request/reply and
    /// one-way types, with the endpoints in either order (source address above the destination, equal addresses with
    /// the source port above the destination port).
    /// </summary>
    private static List<(string What, byte[] Frame, string Ours)> OracleFlows()
    {
        var flows = new List<(string What, byte[] Frame, string Ours)>();

        void Ports(string what, string source, ushort sourcePort, string destination, ushort destinationPort, byte protocol)
        {
            var s = IPAddress.Parse(source);
            var d = IPAddress.Parse(destination);
            var frame = protocol switch
            {
                6 => Frame(s, d, new TcpPacket(sourcePort, destinationPort) { Flags = 0x02, WindowSize = 1024 }),
                17 => Frame(s, d, new UdpPacket(sourcePort, destinationPort) { PayloadData = [1, 2, 3, 4] }),
                _ => Raw(s, d, protocol, Sctp(sourcePort, destinationPort)),
            };
            flows.Add((what, frame, CommunityId.Compute(Address(source), sourcePort, Address(destination), destinationPort, protocol)));
        }

        void Icmp(string what, string source, string destination, bool icmpv6, byte type, byte code)
        {
            // Type, code, checksum, identifier and sequence number (an echo's header); a timestamp message has three
            // timestamps besides, a neighbor solicitation a target address, a router advertisement its lifetimes. A message shorter than its type needs is
            // malformed to tshark, which then hashes it without the type and code, as a protocol without ports.
            var length = (icmpv6, type) switch
            {
                (false, 13 or 14) => 20,
                (true, 135 or 136) => 24,
                (true, 134) => 16,
                _ => 8,
            };
            var message = new byte[length];
            message[0] = type;
            message[1] = code;
            message[4] = 0x12;
            message[7] = 1;
            var s = IPAddress.Parse(source);
            var d = IPAddress.Parse(destination);
            Packet icmp = icmpv6 ? new IcmpV6Packet(new ByteArraySegment(message)) : new IcmpV4Packet(new ByteArraySegment(message));
            var frame = Frame(s, d, icmp);
            flows.Add((what, frame, CommunityId.ComputeIcmp(Address(source), Address(destination), icmpv6, type, code)));
        }

        Ports("TCP v4 SYN", "10.0.0.1", 40000, "10.0.0.2", 22, 6);
        Ports("TCP v4 SYN-ACK (source address above destination)", "10.0.0.2", 22, "10.0.0.1", 40000, 6);
        Ports("TCP v4 another client port", "10.0.0.1", 40001, "10.0.0.2", 22, 6);
        Ports("TCP v4 one host, source port above destination port", "10.0.0.5", 50000, "10.0.0.5", 80, 6);
        Ports("UDP v4 (source address above destination)", "192.168.1.52", 54585, "8.8.8.8", 53, 17);
        Ports("UDP v4 reply", "8.8.8.8", 53, "192.168.1.52", 54585, 17);
        Ports("TCP v6 (source address above destination)", "2001:db8::20", 443, "2001:db8::1", 51000, 6);
        Ports("TCP v6", "2001:db8::1", 51000, "2001:db8::20", 443, 6);
        Ports("UDP v6", "fe80::1", 546, "ff02::1:2", 547, 17);
        Ports("SCTP v4", "192.168.170.56", 7, "192.168.170.8", 7, 132);
        Icmp("ICMP echo request", "192.168.0.89", "192.168.0.1", icmpv6: false, 8, 0);
        Icmp("ICMP echo reply", "192.168.0.1", "192.168.0.89", icmpv6: false, 0, 0);
        Icmp("ICMP timestamp request", "192.168.0.89", "192.168.0.1", icmpv6: false, 13, 0);
        Icmp("ICMP destination unreachable (one-way)", "10.0.0.2", "10.0.0.1", icmpv6: false, 3, 3);

        // The spec's own script takes a router advertisement as one-way, its reference library (and Zeek) as the
        // answer to a solicitation: Wireshark decides.
        Icmp("ICMP router advertisement", "192.168.0.1", "192.168.0.89", icmpv6: false, 9, 0);
        Icmp("ICMPv6 echo request", "2001:db8::20", "2001:db8::1", icmpv6: true, 128, 0);
        Icmp("ICMPv6 echo reply", "2001:db8::1", "2001:db8::20", icmpv6: true, 129, 0);
        Icmp("ICMPv6 neighbor solicitation", "fe80::260:97ff:fe07:69ea", "fe80::200:86ff:fe05:80da", icmpv6: true, 135, 0);
        Icmp("ICMPv6 router advertisement", "fe80::260:97ff:fe07:69ea", "ff02::1", icmpv6: true, 134, 0);

        // No one-way ICMPv6 here: tshark 4.0 reads an ICMPv6 error only with the datagram it answers quoted in it,
        // and then hashes that datagram's protocol and ports under the error's addresses, not type and code as the
        // spec says. The spec's baseline rows above (types 1 and 3) cover it.
        return flows;
    }

    private static byte[] Frame(IPAddress source, IPAddress destination, Packet transport)
    {
        IPPacket ip = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPv6Packet(source, destination) { PayloadPacket = transport }
            : new IPv4Packet(source, destination) { PayloadPacket = transport };
        var ethernet = new EthernetPacket(Mac, Mac, ip is IPv6Packet ? EthernetType.IPv6 : EthernetType.IPv4) { PayloadPacket = ip };
        ethernet.UpdateCalculatedValues();
        return ethernet.Bytes;
    }

    /// <summary>An IP packet of <paramref name="protocol"/> whose payload is <paramref name="payload"/> as given.</summary>
    private static byte[] Raw(IPAddress source, IPAddress destination, byte protocol, byte[] payload)
    {
        IPPacket ip = source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? new IPv6Packet(source, destination)
            : new IPv4Packet(source, destination);
        ip.PayloadData = payload;
        ip.Protocol = (PacketDotNet.ProtocolType)protocol;
        var ethernet = new EthernetPacket(Mac, Mac, ip is IPv6Packet ? EthernetType.IPv6 : EthernetType.IPv4) { PayloadPacket = ip };
        ethernet.UpdateCalculatedValues();
        return ethernet.Bytes;
    }

    /// <summary>An SCTP common header (ports, verification tag, checksum) and an empty COOKIE ACK chunk.</summary>
    private static byte[] Sctp(ushort sourcePort, ushort destinationPort)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), destinationPort);
        bytes[12] = 11;
        bytes[15] = 4;
        return bytes;
    }
}
