using System.Buffers.Binary;
using KnockSensor.Capture;
using KnockSensor.Decode;
using PacketDotNet;
using PacketDotNet.Utils;

namespace KnockSensor.Tests.Decode;

/// <summary>How far the oracle's answer binds our decoder.</summary>
internal enum OracleVerdict
{
    /// <summary>PacketDotNet read every header and the lengths it reported are consistent: ours must give the same view.</summary>
    Agree,

    /// <summary>PacketDotNet read the headers, and a length it reported lies or a header is cut: ours must say Malformed.</summary>
    Reject,

    /// <summary>PacketDotNet itself threw on the frame: nothing is asserted beyond "ours does not throw".</summary>
    Unknown,
}

/// <summary>
/// The differential oracle: PacketDotNet 1.4.8 reads the header fields; this class strings the layers together and
/// judges whether the lengths PacketDotNet reports are consistent with the bytes actually present.
/// </summary>
/// <remarks>
/// <para>
/// PacketDotNet is lenient and in places wrong, so each comparison is chosen to be fair, field by field:
/// </para>
/// <list type="bullet">
/// <item>Length fields are not judged by PacketDotNet (it parses past a lying IPv4 total length, IHL below 5, an IPv6
/// payload length longer than the frame, a TCP header shorter than 20 bytes). PacketDotNet reports the field values;
/// the consistency rules below (the decoder's documented contract) decide Agree or Reject. To let PacketDotNet report
/// the fields of a frame whose lengths lie without throwing <see cref="IndexOutOfRangeException"/>, it parses a copy
/// of the frame at the start of a large zeroed buffer; bytes past the real frame are never used for an Agree verdict
/// because any length that reaches them is a Reject. The padding is filled with 59 (IPv6 No Next Header), not zero:
/// PacketDotNet walks zeros as an endless chain of empty hop-by-hop headers.</item>
/// <item>An IPv4 total length of 0 (TCP segmentation offload, seen when capturing on the sending host) means "to the
/// end of the frame" for both decoders. PacketDotNet writes that substitute into the buffer it parses (one more reason
/// it works on a copy) and takes it from the array's length, so the oracle substitutes the frame's length itself.</item>
/// <item>PacketDotNet 1.4.8 reads the UDP length as a signed 16-bit value; the oracle takes it back to unsigned.</item>
/// <item>Link types PacketDotNet 1.4.8 cannot parse are read here: LINKTYPE_LOOP (big-endian family), LINKTYPE_NULL
/// written big-endian or with Linux's AF_INET6 = 10 (PacketDotNet reads Null little-endian only and knows 2, 24, 28, 30),
/// LINKTYPE_IPV4/IPV6 (228/229) and the raw types, which it does not name (12, 14).</item>
/// <item>IPv6 extension chains: PacketDotNet 1.4.8 parses a single extension header correctly but misplaces the
/// second and later ones (their lengths come out wrong and the transport header is read at the wrong offset), so the
/// chain is walked here one header at a time, each header parsed by PacketDotNet from a synthetic IPv6 packet that
/// starts with it. The Authentication Header is measured here in 4-byte words minus 2 (RFC 4302 §2.2), because
/// PacketDotNet measures it in 8-byte units like the others.</item>
/// <item>Policy that PacketDotNet has no notion of, stated as the decoder's contract: at most 8 VLAN tags and 8 IPv6
/// extension headers; ports only from non-later fragments; the length checks of a first fragment's transport header
/// are skipped (they describe the whole datagram); ICMP only in IPv4 and ICMPv6 only in IPv6 (PacketDotNet would parse
/// the crossed pairs); IP-in-IP, GRE and the like are "other protocol" (PacketDotNet parses into some of them); the
/// version nibble must match the EtherType / address family (PacketDotNet ignores it).</item>
/// </list>
/// Not thread-safe: one instance per test, reused across frames.
/// </remarks>
internal sealed class PacketDotNetOracle
{
    private const int MaxVlanTags = 8;
    private const int MaxExtensionHeaders = 8;

    // Room for the largest length any header can claim (IPv6: 40 + 65535) past any link header.
    private const byte Padding = 59;

    private readonly byte[] _frame = Padded(66_000);
    private readonly byte[] _synthetic = Padded(66_000);
    private byte[] _pristine = [];
    private int _frameDirty;
    private int _syntheticDirty;
    private int _length;

    public (OracleVerdict Verdict, DecodeView View) Decode(ReadOnlySpan<byte> frame, LinkType linkType)
    {
        _frame.AsSpan(0, _frameDirty).Fill(Padding);
        frame.CopyTo(_frame);
        _pristine = frame.ToArray();
        _frameDirty = frame.Length;
        _length = frame.Length;
        try
        {
            return DecodeLink(linkType);
        }
        catch (Exception)
        {
            // Whatever PacketDotNet throws on, it has no opinion to compare with.
            return (OracleVerdict.Unknown, DecodeView.Only(DecodeStatus.Malformed));
        }
    }

    private (OracleVerdict, DecodeView) DecodeLink(LinkType linkType)
    {
        var view = new DecodeView(DecodeStatus.Transport);
        switch (linkType)
        {
            case LinkType.Ethernet:
                if (_length < 14)
                {
                    return Reject();
                }

                var ethernet = new EthernetPacket(new ByteArraySegment(_frame, 0, _length));
                return FromEtherType(ethernet.Type, ethernet.PayloadPacket, 14, view);
            case LinkType.LinuxSll:
                if (_length < 16)
                {
                    return Reject();
                }

                var sll = new LinuxSllPacket(new ByteArraySegment(_frame, 0, _length));
                return FromEtherType(sll.EthernetProtocolType, sll.PayloadPacket, 16, view);
            case LinkType.LinuxSll2:
                if (_length < 20)
                {
                    return Reject();
                }

                var sll2 = new LinuxSll2Packet(new ByteArraySegment(_frame, 0, _length));
                return FromEtherType(sll2.EthernetProtocolType, sll2.PayloadPacket, 20, view);
            case LinkType.Null or LinkType.Loop:
                return DecodeLoopback(linkType, view);
            case LinkType.Raw or LinkType.RawBsd12 or LinkType.RawBsd14:
                if (_length < 1)
                {
                    return Reject();
                }

                return (_frame[0] >> 4) switch
                {
                    4 => DecodeIpv4(0, view),
                    6 => DecodeIpv6(0, view),
                    _ => Reject(),
                };
            case LinkType.Ipv4:
                return DecodeIpv4(0, view);
            case LinkType.Ipv6:
                return DecodeIpv6(0, view);
            default:
                return (OracleVerdict.Agree, DecodeView.Only(DecodeStatus.UnsupportedLinkType));
        }
    }

    private (OracleVerdict, DecodeView) DecodeLoopback(LinkType linkType, DecodeView view)
    {
        if (_length < 4)
        {
            return Reject();
        }

        var littleEndian = BinaryPrimitives.ReadUInt32LittleEndian(_frame);
        if (linkType == LinkType.Null && littleEndian is 2 or 24 or 28 or 30)
        {
            // The one case PacketDotNet reads itself.
            var packet = new NullPacket(new ByteArraySegment(_frame, 0, _length));
            return packet.Protocol == NullPacketType.IPv4 ? DecodeIpv4(4, view) : DecodeIpv6(4, view);
        }

        var family = FamilyOf(BinaryPrimitives.ReadUInt32BigEndian(_frame));
        if (family == 0 && linkType == LinkType.Null)
        {
            family = FamilyOf(littleEndian);
        }

        return family switch
        {
            4 => DecodeIpv4(4, view),
            6 => DecodeIpv6(4, view),
            _ => (OracleVerdict.Agree, DecodeView.Only(DecodeStatus.NotIp)),
        };

        static int FamilyOf(uint value) => value switch
        {
            2 => 4,
            10 or 24 or 28 or 30 => 6,
            _ => 0,
        };
    }

    private (OracleVerdict, DecodeView) FromEtherType(EthernetType type, Packet? payload, int offset, DecodeView view)
    {
        var tags = 0;
        while (type is EthernetType.VLanTaggedFrame or EthernetType.ProviderBridging or EthernetType.QInQ)
        {
            if (++tags > MaxVlanTags || _length - offset < 4 || payload is not Ieee8021QPacket tag)
            {
                return Reject();
            }

            view = tags switch
            {
                1 => view with { VlanCount = 1, OuterVlanId = tag.VlanIdentifier },
                2 => view with { VlanCount = 2, InnerVlanId = tag.VlanIdentifier },
                _ => view with { ExtraVlanTags = true },
            };
            type = tag.Type;
            payload = tag.PayloadPacket;
            offset += 4;
        }

        return type switch
        {
            EthernetType.IPv4 => DecodeIpv4(offset, view),
            EthernetType.IPv6 => DecodeIpv6(offset, view),
            _ => (OracleVerdict.Agree, DecodeView.Only(DecodeStatus.NotIp)),
        };
    }

    private (OracleVerdict, DecodeView) DecodeIpv4(int offset, DecodeView view)
    {
        var remaining = _length - offset;
        if (remaining < 20)
        {
            return Reject();
        }

        // Read from an untouched copy: PacketDotNet rewrites a zero total length in the buffer it parses (already while
        // parsing the link layer), with the bytes to the end of the array, which here is the padded copy, not the frame.
        var offloaded = BinaryPrimitives.ReadUInt16BigEndian(_pristine.AsSpan(offset + 2)) == 0;
        var ip = new IPv4Packet(new ByteArraySegment(_frame, offset, remaining));
        var headerLength = ip.HeaderLength * 4;
        var totalLength = offloaded ? Math.Min(remaining, ushort.MaxValue) : ip.TotalLength;
        if (ip.Version != IPVersion.IPv4 || headerLength < 20 || headerLength > remaining || totalLength < headerLength || totalLength > remaining)
        {
            return Reject();
        }

        view = view with
        {
            IpVersion = 4,
            Source = PacketAddress.FromIPAddress(ip.SourceAddress),
            Destination = PacketAddress.FromIPAddress(ip.DestinationAddress),
            Protocol = (byte)ip.Protocol,
        };
        if (ip.FragmentOffset != 0)
        {
            return (OracleVerdict.Agree, view with { Status = DecodeStatus.LaterFragment });
        }

        // FragmentFlags holds the three flag bits; the lowest is More Fragments.
        var firstFragment = (ip.FragmentFlags & 1) != 0;
        return DecodeTransport(offset + headerLength, offset + totalLength, 4, firstFragment, view with { FirstFragment = firstFragment });
    }

    private (OracleVerdict, DecodeView) DecodeIpv6(int offset, DecodeView view)
    {
        var remaining = _length - offset;
        if (remaining < 40)
        {
            return Reject();
        }

        var ip = new IPv6Packet(new ByteArraySegment(_frame, offset, remaining));
        var end = offset + 40 + ip.PayloadLength;
        if (ip.Version != IPVersion.IPv6 || end > _length)
        {
            return Reject();
        }

        view = view with
        {
            IpVersion = 6,
            Source = PacketAddress.FromIPAddress(ip.SourceAddress),
            Destination = PacketAddress.FromIPAddress(ip.DestinationAddress),
        };

        var nextHeader = (byte)ip.NextHeader;
        var position = offset + 40;
        var firstFragment = false;
        var walked = 0;
        while (IsExtensionHeader(nextHeader))
        {
            if (++walked > MaxExtensionHeaders)
            {
                return Reject();
            }

            int length;
            byte following;
            if (nextHeader == 51)
            {
                // Authentication Header: read here, because PacketDotNet measures it in the wrong unit.
                if (end - position < 2)
                {
                    return Reject();
                }

                following = _frame[position];
                length = (_frame[position + 1] + 2) * 4;
            }
            else
            {
                if (end - position < (nextHeader == 44 ? 8 : 2))
                {
                    return Reject();
                }

                var header = ParseSingleExtensionHeader(offset, nextHeader, position, end);
                following = (byte)header.NextHeader;
                length = header.Length;
                if (header is IPv6FragmentationExtensionHeader fragment)
                {
                    if (fragment.FragmentOffset != 0)
                    {
                        return (OracleVerdict.Agree, view with { Status = DecodeStatus.LaterFragment, Protocol = following, FirstFragment = firstFragment });
                    }

                    firstFragment |= fragment.More;
                }
            }

            if (length > end - position)
            {
                return Reject();
            }

            position += length;
            nextHeader = following;
        }

        view = view with { Protocol = nextHeader, FirstFragment = firstFragment };
        return DecodeTransport(position, end, 6, firstFragment, view);
    }

    /// <summary>
    /// Lets PacketDotNet parse the one extension header at <paramref name="position"/>: it reads the first header of a
    /// chain correctly, so it is given a copy of the fixed header whose next-header field points at this one.
    /// </summary>
    private IPv6ExtensionHeader ParseSingleExtensionHeader(int ipOffset, byte type, int position, int end)
    {
        var rest = end - position;
        _synthetic.AsSpan(0, _syntheticDirty).Fill(Padding);
        _syntheticDirty = 40 + rest;
        _frame.AsSpan(ipOffset, 40).CopyTo(_synthetic);
        BinaryPrimitives.WriteUInt16BigEndian(_synthetic.AsSpan(4), (ushort)rest);
        _synthetic[6] = type;
        _frame.AsSpan(position, rest).CopyTo(_synthetic.AsSpan(40));
        var packet = new IPv6Packet(new ByteArraySegment(_synthetic, 0, 40 + rest));
        return packet.ExtensionHeaders[0];
    }

    /// <summary>The extension headers PacketDotNet 1.4.8 steps over (checked one by one against it).</summary>
    private static bool IsExtensionHeader(byte type) => type is 0 or 43 or 44 or 51 or 60 or 135 or 139 or 140 or 253 or 254;

    private (OracleVerdict, DecodeView) DecodeTransport(int start, int end, int ipVersion, bool firstFragment, DecodeView view)
    {
        var length = end - start;
        var segment = new ByteArraySegment(_frame, start, length);
        switch (view.Protocol)
        {
            case 6:
                if (length < 20)
                {
                    // Policy, not PacketDotNet (which cannot parse a partial header): a first fragment that ends
                    // inside the TCP header (RFC 1858's tiny fragment) still gives ports and, from 14 bytes, flags.
                    if (firstFragment && length > 13 && end <= _length && (_frame[start + 12] >> 4) >= 5)
                    {
                        return Agree(view with
                        {
                            SourcePort = BinaryPrimitives.ReadUInt16BigEndian(_frame.AsSpan(start)),
                            DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(_frame.AsSpan(start + 2)),
                            TcpFlags = _frame[start + 13],
                        });
                    }

                    return Reject();
                }

                var tcp = new TcpPacket(segment);
                var dataOffset = tcp.DataOffset * 4;
                if (dataOffset < 20 || (dataOffset > length && !firstFragment))
                {
                    return Reject();
                }

                // Flags also carries the NS bit from byte 12; ours keeps the eight bits of byte 13.
                return Agree(view with { SourcePort = tcp.SourcePort, DestinationPort = tcp.DestinationPort, TcpFlags = (byte)tcp.Flags });
            case 17:
                if (length < 8)
                {
                    return Reject();
                }

                var udp = new UdpPacket(segment);

                // PacketDotNet 1.4.8 reads the UDP length as a signed 16-bit value; the field is unsigned.
                var udpLength = (ushort)udp.Length;
                if (udpLength < 8 || (udpLength > length && !firstFragment))
                {
                    return Reject();
                }

                return Agree(view with { SourcePort = udp.SourcePort, DestinationPort = udp.DestinationPort });
            case 1 when ipVersion == 4:
                if (length < 4)
                {
                    return Reject();
                }

                var typeCode = (ushort)new IcmpV4Packet(segment).TypeCode;
                return Agree(view with { IcmpType = (byte)(typeCode >> 8), IcmpCode = (byte)typeCode });
            case 58 when ipVersion == 6:
                if (length < 4)
                {
                    return Reject();
                }

                var icmp6 = new IcmpV6Packet(segment);
                return Agree(view with { IcmpType = (byte)icmp6.Type, IcmpCode = icmp6.Code });
            default:
                return Agree(view with { Status = DecodeStatus.OtherIpProtocol });
        }
    }

    private static byte[] Padded(int length)
    {
        var buffer = new byte[length];
        buffer.AsSpan().Fill(Padding);
        return buffer;
    }

    private static (OracleVerdict, DecodeView) Agree(DecodeView view) => (OracleVerdict.Agree, view);

    private static (OracleVerdict, DecodeView) Reject() => (OracleVerdict.Reject, DecodeView.Only(DecodeStatus.Malformed));
}
