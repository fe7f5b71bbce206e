using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>TCP, UDP, ICMP and ICMPv6 headers: ports, TCP flags, ICMP type and code.</summary>
internal static class TransportDecoder
{
    public const byte Icmp = 1;
    public const byte Tcp = 6;
    public const byte Udp = 17;
    public const byte Icmpv6 = 58;

    public const int TcpMinimumHeaderLength = 20;
    public const int UdpHeaderLength = 8;

    /// <summary>Type, code and checksum: all the decoder reads, and all every ICMP message is guaranteed to have.</summary>
    public const int IcmpMinimumHeaderLength = 4;

    internal const int TcpDataOffsetOffset = 12;
    internal const int TcpFlagsOffset = 13;
    internal const int UdpLengthOffset = 4;

    /// <summary>
    /// Decodes the transport header at the start of <paramref name="segment"/> (the captured bytes of the IP payload,
    /// never past the IP packet's end); <paramref name="segmentWireLength"/> is the payload length the IP header
    /// declares. For a first fragment the transport length fields describe the whole datagram, not this fragment,
    /// so they are not checked against it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DecodeStatus Decode(ReadOnlySpan<byte> segment, int segmentWireLength, byte protocol, int ipVersion, bool isFirstFragment, ref PortEvent portEvent, out MalformedReason reason)
    {
        if (protocol == Tcp)
        {
            if (segment.Length < TcpMinimumHeaderLength)
            {
                return DecodeTinyFirstFragment(segment, segmentWireLength, isFirstFragment, ref portEvent, out reason);
            }

            var dataOffset = (segment[TcpDataOffsetOffset] >> 4) * 4;
            if (dataOffset < TcpMinimumHeaderLength || (dataOffset > segmentWireLength && !isFirstFragment))
            {
                return DecodeFailure.Malformed(MalformedReason.BadTcpDataOffset, out reason);
            }

            return ReadTcpPortsAndFlags(segment, ref portEvent, out reason);
        }

        return DecodeOtherProtocols(segment, segmentWireLength, protocol, ipVersion, isFirstFragment, ref portEvent, out reason);
    }

    /// <summary>
    /// A first fragment that carries only part of the TCP header (RFC 1858's tiny fragment, an old way to slip a SYN
    /// past filters) still names the ports and, from 14 bytes on, the flags: a knock sent that way is still a knock.
    /// Only when the fragment really ends there; a snap length that cut the header is still a truncated header.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeStatus DecodeTinyFirstFragment(ReadOnlySpan<byte> segment, int segmentWireLength, bool isFirstFragment, ref PortEvent portEvent, out MalformedReason reason)
    {
        if (!isFirstFragment || segment.Length != segmentWireLength || segment.Length <= TcpFlagsOffset)
        {
            return DecodeFailure.Malformed(MalformedReason.TruncatedTransportHeader, out reason);
        }

        // The data offset is present, so it must still be a real TCP header length.
        if ((segment[TcpDataOffsetOffset] >> 4) * 4 < TcpMinimumHeaderLength)
        {
            return DecodeFailure.Malformed(MalformedReason.BadTcpDataOffset, out reason);
        }

        return ReadTcpPortsAndFlags(segment, ref portEvent, out reason);
    }

    /// <summary>Ports and flags of a TCP header whose first 14 bytes the caller has checked are there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodeStatus ReadTcpPortsAndFlags(ReadOnlySpan<byte> segment, ref PortEvent portEvent, out MalformedReason reason)
    {
        portEvent.SourcePort = NetworkOrder.UInt16(segment, 0);
        portEvent.DestinationPort = NetworkOrder.UInt16(segment, 2);
        portEvent.TcpFlags = (TcpFlags)segment[TcpFlagsOffset];
        reason = MalformedReason.None;
        return DecodeStatus.Transport;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DecodeStatus DecodeOtherProtocols(ReadOnlySpan<byte> segment, int segmentWireLength, byte protocol, int ipVersion, bool isFirstFragment, ref PortEvent portEvent, out MalformedReason reason)
    {
        if (protocol == Udp)
        {
            if (segment.Length < UdpHeaderLength)
            {
                return DecodeFailure.Malformed(MalformedReason.TruncatedTransportHeader, out reason);
            }

            int udpLength = NetworkOrder.UInt16(segment, UdpLengthOffset);
            if (udpLength < UdpHeaderLength || (udpLength > segmentWireLength && !isFirstFragment))
            {
                return DecodeFailure.Malformed(MalformedReason.BadUdpLength, out reason);
            }

            portEvent.SourcePort = NetworkOrder.UInt16(segment, 0);
            portEvent.DestinationPort = NetworkOrder.UInt16(segment, 2);
            reason = MalformedReason.None;
            return DecodeStatus.Transport;
        }

        // ICMP belongs to IPv4 and ICMPv6 to IPv6; the crossed pairs are carried as other protocols, not misread.
        if ((protocol == Icmp && ipVersion == 4) || (protocol == Icmpv6 && ipVersion == 6))
        {
            if (segment.Length < IcmpMinimumHeaderLength)
            {
                return DecodeFailure.Malformed(MalformedReason.TruncatedTransportHeader, out reason);
            }

            portEvent.IcmpType = segment[0];
            portEvent.IcmpCode = segment[1];
            reason = MalformedReason.None;
            return DecodeStatus.Transport;
        }

        reason = MalformedReason.None;
        return DecodeStatus.OtherIpProtocol;
    }
}
