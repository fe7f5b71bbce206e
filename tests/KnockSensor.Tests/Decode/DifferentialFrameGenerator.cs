using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using KnockSensor.Capture;
using PacketDotNet;

namespace KnockSensor.Tests.Decode;

/// <summary>
/// One generated frame and where its headers are, so that mutations can aim at header boundaries and length fields.
/// All offsets are absolute within <see cref="Bytes"/>; <see cref="IpOffset"/> is -1 for frames without IP.
/// </summary>
internal sealed record GeneratedFrame(
    LinkType LinkType,
    byte[] Bytes,
    int IpOffset,
    int IpVersion,
    int TransportOffset,
    byte Protocol,
    int[] Boundaries,
    int[] ExtensionHeaderOffsets,
    string Description)
{
    /// <summary>Built past a bound of the decoder's contract (VLAN stack or extension chain longer than 8): PacketDotNet reads it, both must reject it.</summary>
    public bool Hostile { get; init; }
}

/// <summary>
/// Deterministic frames for the differential test: every supported link type (Ethernet untagged, 802.1Q, QinQ with
/// 802.1ad / legacy 0x9100 / double 0x8100 outer tags, three-tag stacks, SLL and SLL2 with and without a tag,
/// Null in both byte orders, Loop, raw IP under all four raw link types), IPv4 with options and fragments, IPv6 with
/// chains of hop-by-hop, routing, fragment, destination options and AH headers, TCP with assorted flags and options,
/// UDP, ICMP, ICMPv6, other protocols, non-IP frames and an unsupported link type. About one frame in eight is built
/// by PacketDotNet's own packet classes rather than by <see cref="TestFrames"/>.
/// </summary>
internal sealed class DifferentialFrameGenerator(int seed)
{
    private static readonly byte[] CommonTcpFlags = [0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0xC2, 0x29, 0x00, 0x01, 0x52];
    private static readonly byte[] OtherProtocols = [132, 103, 50, 59];
    private static readonly PhysicalAddress Mac = PhysicalAddress.Parse("02-00-00-00-00-01");

    private readonly Random _rng = new(seed);

    public GeneratedFrame Next()
    {
        var pick = _rng.Next(100);
        if (pick < 2)
        {
            return NotIpFrame();
        }

        if (pick < 3)
        {
            return new GeneratedFrame((LinkType)147, RandomBytes(20, 80), -1, 0, -1, 0, [], [], "unsupported link type 147");
        }

        if (pick < 12)
        {
            return PacketDotNetBuilt();
        }

        var link = (LinkChoice)_rng.Next((int)LinkChoice.Count);
        var ipVersion = link switch
        {
            LinkChoice.RawIpv4 => 4,
            LinkChoice.RawIpv6 => 6,
            _ => _rng.Next(5) < 3 ? 4 : 6,
        };
        var network = ipVersion == 4 ? Ipv4Packet() : Ipv6Packet();
        return WrapInLink(link, network);
    }

    private enum LinkChoice
    {
        Ethernet,
        Ethernet8021Q,
        EthernetQinQ,
        EthernetThreeTags,
        EthernetDeepStack,
        Sll,
        SllTagged,
        Sll2,
        Sll2Tagged,
        NullLittleEndian,
        NullBigEndian,
        Loop,
        Raw,
        RawBsd12,
        RawBsd14,
        RawIpv4,
        RawIpv6,
        Count,
    }

    /// <summary>An IP packet with its header layout relative to its own start.</summary>
    private sealed record NetworkPacket(byte[] Bytes, int Version, int TransportOffset, byte Protocol, int[] Boundaries, int[] ExtensionHeaderOffsets, string Description);

    private GeneratedFrame WrapInLink(LinkChoice link, NetworkPacket network)
    {
        var etherType = network.Version == 4 ? TestFrames.EtherTypeIpv4 : TestFrames.EtherTypeIpv6;
        var family = network.Version == 4 ? 2u : (uint)new[] { 10, 24, 28, 30 }[_rng.Next(4)];
        var linkBoundaries = new List<int>();
        byte[] bytes;
        LinkType linkType;
        int ipOffset;
        switch (link)
        {
            case LinkChoice.Ethernet or LinkChoice.Ethernet8021Q or LinkChoice.EthernetQinQ or LinkChoice.EthernetThreeTags or LinkChoice.EthernetDeepStack:
                var tags = link switch
                {
                    LinkChoice.Ethernet => Array.Empty<(ushort, ushort)>(),
                    LinkChoice.Ethernet8021Q => [(TestFrames.Tpid8021Q, RandomTci())],
                    LinkChoice.EthernetQinQ => [(new[] { TestFrames.Tpid8021AD, TestFrames.TpidLegacy, TestFrames.Tpid8021Q }[_rng.Next(3)], RandomTci()), (TestFrames.Tpid8021Q, RandomTci())],
                    LinkChoice.EthernetDeepStack => [.. Enumerable.Range(0, _rng.Next(4, 11)).Select(_ => (TestFrames.Tpid8021Q, RandomTci()))],
                    _ => [(TestFrames.Tpid8021AD, RandomTci()), (TestFrames.Tpid8021Q, RandomTci()), (TestFrames.Tpid8021Q, RandomTci())],
                };
                bytes = TestFrames.Ethernet(etherType, network.Bytes, tags);
                ipOffset = 14 + (4 * tags.Length);
                for (var i = 0; i <= tags.Length; i++)
                {
                    linkBoundaries.Add(14 + (4 * i));
                }

                if (bytes.Length < 60 && _rng.Next(2) == 0)
                {
                    // Ethernet's minimum frame: the decoder must cut the padding off by the IP length.
                    Array.Resize(ref bytes, 60);
                }

                linkType = LinkType.Ethernet;
                break;
            case LinkChoice.Sll or LinkChoice.SllTagged:
                bytes = link == LinkChoice.Sll ? TestFrames.Sll(etherType, network.Bytes) : TestFrames.Sll(TestFrames.Tpid8021Q, Tag(etherType, network.Bytes));
                linkBoundaries.Add(16);
                ipOffset = link == LinkChoice.Sll ? 16 : 20;
                linkType = LinkType.LinuxSll;
                break;
            case LinkChoice.Sll2 or LinkChoice.Sll2Tagged:
                bytes = link == LinkChoice.Sll2 ? TestFrames.Sll2(etherType, network.Bytes) : TestFrames.Sll2(TestFrames.Tpid8021Q, Tag(etherType, network.Bytes));
                linkBoundaries.Add(20);
                ipOffset = link == LinkChoice.Sll2 ? 20 : 24;
                linkType = LinkType.LinuxSll2;
                break;
            case LinkChoice.NullLittleEndian or LinkChoice.NullBigEndian:
                bytes = TestFrames.Loopback(family, link == LinkChoice.NullBigEndian, network.Bytes);
                linkBoundaries.Add(4);
                ipOffset = 4;
                linkType = LinkType.Null;
                break;
            case LinkChoice.Loop:
                bytes = TestFrames.Loopback(family, bigEndian: true, network.Bytes);
                linkBoundaries.Add(4);
                ipOffset = 4;
                linkType = LinkType.Loop;
                break;
            default:
                bytes = network.Bytes;
                ipOffset = 0;
                linkType = link switch
                {
                    LinkChoice.RawBsd12 => LinkType.RawBsd12,
                    LinkChoice.RawBsd14 => LinkType.RawBsd14,
                    LinkChoice.RawIpv4 => LinkType.Ipv4,
                    LinkChoice.RawIpv6 => LinkType.Ipv6,
                    _ => LinkType.Raw,
                };
                break;
        }

        if (link is LinkChoice.SllTagged or LinkChoice.Sll2Tagged)
        {
            linkBoundaries.Add(ipOffset);
        }

        return new GeneratedFrame(
            linkType,
            bytes,
            ipOffset,
            network.Version,
            ipOffset + network.TransportOffset,
            network.Protocol,
            [.. linkBoundaries, .. network.Boundaries.Select(b => ipOffset + b)],
            [.. network.ExtensionHeaderOffsets.Select(o => ipOffset + o)],
            $"{link} / {network.Description}")
        {
            Hostile = network.ExtensionHeaderOffsets.Length > 8 || (link == LinkChoice.EthernetDeepStack && linkBoundaries.Count - 1 > 8),
        };
    }

    private static byte[] Tag(ushort etherType, byte[] payload)
    {
        var tag = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(tag, 0x2000 | 42);
        BinaryPrimitives.WriteUInt16BigEndian(tag.AsSpan(2), etherType);
        return TestFrames.Concat(tag, payload);
    }

    private ushort RandomTci() => (ushort)_rng.Next(0x10000);

    private NetworkPacket Ipv4Packet()
    {
        var (protocol, transport, transportHeader, what) = Transport(4);
        var optionBytes = _rng.Next(4) == 0 ? 4 * _rng.Next(1, 11) : 0;
        var options = new byte[optionBytes];
        if (optionBytes > 0)
        {
            // NOPs then End of Option List: well-formed for any reader of options.
            options.AsSpan(0, optionBytes - 1).Fill(1);
        }

        var fragmentKind = _rng.Next(10);
        ushort fragmentField = fragmentKind switch
        {
            < 7 => 0,
            7 => 0x4000,
            8 => 0x2000,
            _ => (ushort)(_rng.Next(1, 0x2000) | (_rng.Next(2) == 0 ? 0x2000 : 0)),
        };
        var bytes = TestFrames.Ipv4((uint)_rng.Next() ^ ((uint)_rng.Next(4) << 30), (uint)_rng.Next(), protocol, transport, options, fragmentField);
        var headerLength = 20 + optionBytes;
        return new NetworkPacket(bytes, 4, headerLength, protocol, [20, headerLength, headerLength + transportHeader], [],
            $"IPv4 options={optionBytes} frag=0x{fragmentField:X4} / {what}");
    }

    private NetworkPacket Ipv6Packet()
    {
        var (protocol, transport, transportHeader, what) = Transport(6);
        var chain = new List<(byte Type, byte Units, int FragmentKind)>();
        // Now and then a chain around the decoder's bound of 8 headers.
        var count = _rng.Next(40) == 0 ? _rng.Next(6, 11) : _rng.Next(2) == 0 ? 0 : _rng.Next(1, 5);
        var haveFragment = false;
        for (var i = 0; i < count; i++)
        {
            byte type = i == 0 && _rng.Next(2) == 0 ? (byte)0 : new byte[] { 43, 60, 44, 51 }[_rng.Next(4)];
            if (type == 44 && haveFragment)
            {
                type = 60;
            }

            haveFragment |= type == 44;
            chain.Add((type, type == 51 ? (byte)_rng.Next(1, 7) : (byte)_rng.Next(0, 4), _rng.Next(5)));
        }

        var payload = transport;
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var next = i + 1 < chain.Count ? chain[i + 1].Type : protocol;
            var (type, units, fragmentKind) = chain[i];
            payload = type switch
            {
                // Fragment: first (offset 0, more), atomic (offset 0, no more), or later (offset > 0).
                44 => fragmentKind switch
                {
                    < 3 => TestFrames.Ipv6Fragment(next, 0, true, payload),
                    3 => TestFrames.Ipv6Fragment(next, 0, false, payload),
                    _ => TestFrames.Ipv6Fragment(next, (ushort)_rng.Next(1, 0x2000), _rng.Next(2) == 0, payload),
                },
                51 => TestFrames.Ipv6Extension(next, units, payload, authenticationHeader: true),
                _ => TestFrames.Ipv6Extension(next, units, payload),
            };
        }

        var bytes = TestFrames.Ipv6(RandomIpv6(), RandomIpv6(), chain.Count > 0 ? chain[0].Type : protocol, payload);
        var boundaries = new List<int> { 40 };
        var offsets = new List<int>();
        var position = 40;
        foreach (var (type, units, _) in chain)
        {
            offsets.Add(position);
            position += type switch
            {
                44 => 8,
                51 => (units + 2) * 4,
                _ => (units + 1) * 8,
            };
            boundaries.Add(position);
        }

        boundaries.Add(position + transportHeader);
        return new NetworkPacket(bytes, 6, position, protocol, [.. boundaries], [.. offsets],
            $"IPv6 chain=[{string.Join(",", chain.Select(c => $"{c.Type}:{c.Units}"))}] / {what}");
    }

    private (byte Protocol, byte[] Bytes, int HeaderLength, string Description) Transport(int ipVersion)
    {
        var pick = _rng.Next(20);
        if (pick < 9)
        {
            var flags = _rng.Next(3) == 0 ? (byte)_rng.Next(256) : CommonTcpFlags[_rng.Next(CommonTcpFlags.Length)];
            var optionWords = _rng.Next(3) == 0 ? _rng.Next(1, 11) : 0;
            var tcp = TestFrames.Tcp(Port(), Port(), flags, RandomBytes(0, 80), optionWords);
            return (6, tcp, 20 + (4 * optionWords), $"TCP flags=0x{flags:X2} options={optionWords * 4}");
        }

        if (pick < 15)
        {
            return (17, TestFrames.Udp(Port(), Port(), RandomBytes(0, 80)), 8, "UDP");
        }

        if (pick < 18)
        {
            var type = (byte)(_rng.Next(2) == 0 ? _rng.Next(256) : ipVersion == 4 ? new[] { 0, 3, 8, 11 }[_rng.Next(4)] : new[] { 1, 128, 129, 135, 136 }[_rng.Next(5)]);
            var code = (byte)(_rng.Next(2) == 0 ? 0 : _rng.Next(16));
            return (ipVersion == 4 ? (byte)1 : (byte)58, TestFrames.Icmp(type, code, RandomBytes(0, 40)), 8, $"ICMP type={type} code={code}");
        }

        var protocol = OtherProtocols[_rng.Next(OtherProtocols.Length)];
        return (protocol, RandomBytes(8, 40), 0, $"protocol {protocol}");
    }

    /// <summary>Plain Ethernet frames built by PacketDotNet's own classes, so some inputs are not shaped by our builders.</summary>
    private GeneratedFrame PacketDotNetBuilt()
    {
        var v6 = _rng.Next(3) == 0;
        TransportPacket transport;
        int transportHeader;
        if (_rng.Next(2) == 0)
        {
            transport = new TcpPacket(Port(), Port())
            {
                Flags = CommonTcpFlags[_rng.Next(CommonTcpFlags.Length)],
                SequenceNumber = (uint)_rng.Next(),
                WindowSize = 8192,
                PayloadData = RandomBytes(0, 64),
            };
            transportHeader = 20;
        }
        else
        {
            transport = new UdpPacket(Port(), Port()) { PayloadData = RandomBytes(0, 64) };
            transportHeader = 8;
        }

        IPPacket ip = v6
            ? new IPv6Packet(new IPAddress(RandomIpv6()), new IPAddress(RandomIpv6())) { PayloadPacket = transport }
            : new IPv4Packet(new IPAddress(RandomBytes(4, 4)), new IPAddress(RandomBytes(4, 4))) { PayloadPacket = transport };
        var ethernet = new EthernetPacket(Mac, Mac, v6 ? EthernetType.IPv6 : EthernetType.IPv4) { PayloadPacket = ip };
        ethernet.UpdateCalculatedValues();
        var ipHeader = v6 ? 40 : 20;
        return new GeneratedFrame(LinkType.Ethernet, ethernet.Bytes, 14, v6 ? 6 : 4, 14 + ipHeader, (byte)ip.Protocol,
            [14, 14 + ipHeader, 14 + ipHeader + transportHeader], [], $"PacketDotNet-built Ethernet / IPv{(v6 ? 6 : 4)} / {ip.Protocol}");
    }

    private GeneratedFrame NotIpFrame()
    {
        var body = RandomBytes(28, 46);
        return _rng.Next(5) switch
        {
            0 => new GeneratedFrame(LinkType.Ethernet, TestFrames.Ethernet(TestFrames.EtherTypeArp, body), -1, 0, -1, 0, [14], [], "Ethernet ARP"),
            1 => new GeneratedFrame(LinkType.Ethernet, TestFrames.Ethernet((ushort)body.Length, body), -1, 0, -1, 0, [14], [], "IEEE 802.3 length frame"),
            2 => new GeneratedFrame(LinkType.Ethernet, TestFrames.Ethernet(0x88CC, body, (TestFrames.Tpid8021Q, RandomTci())), -1, 0, -1, 0, [14, 18], [], "802.1Q LLDP"),
            3 => new GeneratedFrame(LinkType.LinuxSll, TestFrames.Sll(TestFrames.EtherTypeArp, body), -1, 0, -1, 0, [16], [], "SLL ARP"),
            _ => new GeneratedFrame(LinkType.Null, TestFrames.Loopback(7, false, body), -1, 0, -1, 0, [4], [], "Null family 7"),
        };
    }

    private ushort Port() => (ushort)_rng.Next(0x10000);

    private byte[] RandomIpv6()
    {
        var address = new byte[16];
        _rng.NextBytes(address);
        address[0] = 0x20;
        return address;
    }

    private byte[] RandomBytes(int min, int max)
    {
        var bytes = new byte[_rng.Next(min, max + 1)];
        _rng.NextBytes(bytes);
        return bytes;
    }
}
