using System.Buffers.Binary;

namespace KnockSensor.Generator;

/// <summary>
/// Writes a <see cref="PacketSpec"/> as an Ethernet frame: 802.1Q/QinQ tags, ARP or IPv4/IPv6, TCP/UDP/ICMP with
/// correct checksums, padded to the 60-byte Ethernet minimum (the FCS is not captured) as a receiving NIC would.
/// </summary>
internal static class FrameWriter
{
    /// <summary>Largest frame the generator writes: QinQ + IPv6 + TCP with options + one full segment.</summary>
    public const int MaxFrameLength = 14 + 8 + 40 + 60 + 1500;

    private const int MinimumFrameLength = 60;
    private const ushort EtherTypeIPv4 = 0x0800;
    private const ushort EtherTypeIPv6 = 0x86DD;
    private const ushort EtherTypeArp = 0x0806;
    private const ushort TpidCustomer = 0x8100;
    private const ushort TpidService = 0x88A8;
    private const byte ProtocolIcmp = 1;
    private const byte ProtocolTcp = 6;
    private const byte ProtocolUdp = 17;
    private const byte ProtocolIcmpV6 = 58;

    /// <summary>Writes the frame into <paramref name="destination"/> and returns its length.</summary>
    public static int Write(in PacketSpec packet, Span<byte> destination)
    {
        WriteMac(destination, packet.DestinationMac);
        WriteMac(destination[6..], packet.SourceMac);
        int offset = 12;
        if (packet.Vlan.Outer != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], TpidService);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], packet.Vlan.Outer);
            offset += 4;
        }

        if (packet.Vlan.Inner != 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], TpidCustomer);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], packet.Vlan.Inner);
            offset += 4;
        }

        int length;
        if (packet.Kind is PacketKind.ArpRequest or PacketKind.ArpReply)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], EtherTypeArp);
            length = offset + 2 + WriteArp(packet, destination[(offset + 2)..]);
        }
        else
        {
            bool v6 = packet.Source.IsV6;
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], v6 ? EtherTypeIPv6 : EtherTypeIPv4);
            offset += 2;
            int ipHeaderLength = v6 ? 40 : 20;
            int transportLength = WriteTransport(packet, destination[(offset + ipHeaderLength)..]);
            if (v6)
            {
                WriteIPv6Header(packet, destination[offset..], transportLength);
            }
            else
            {
                WriteIPv4Header(packet, destination[offset..], transportLength);
            }

            length = offset + ipHeaderLength + transportLength;
        }

        if (length < MinimumFrameLength)
        {
            destination[length..MinimumFrameLength].Clear();
            length = MinimumFrameLength;
        }

        return length;
    }

    private static byte IpProtocolOf(in PacketSpec packet) => packet.Kind switch
    {
        PacketKind.Tcp => ProtocolTcp,
        PacketKind.Udp => ProtocolUdp,
        _ => packet.Source.IsV6 ? ProtocolIcmpV6 : ProtocolIcmp,
    };

    private static void WriteIPv4Header(in PacketSpec packet, Span<byte> header, int transportLength)
    {
        header[0] = 0x45;
        header[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(20 + transportLength));
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], packet.IpId);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], 0x4000); // DF, no fragmentation
        header[8] = packet.Ttl;
        header[9] = IpProtocolOf(packet);
        header[10] = 0;
        header[11] = 0;
        packet.Source.WriteTo(header[12..]);
        packet.Destination.WriteTo(header[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], InternetChecksum.Finish(InternetChecksum.Add(0, header[..20])));
    }

    private static void WriteIPv6Header(in PacketSpec packet, Span<byte> header, int transportLength)
    {
        // Version 6, traffic class 0, a flow label derived from the ports so one flow keeps one label.
        uint flowLabel = ((uint)packet.SourcePort * 31u + packet.DestinationPort) & 0xF_FFFF;
        BinaryPrimitives.WriteUInt32BigEndian(header, 0x6000_0000u | flowLabel);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)transportLength);
        header[6] = IpProtocolOf(packet);
        header[7] = packet.Ttl;
        packet.Source.WriteTo(header[8..]);
        packet.Destination.WriteTo(header[24..]);
    }

    private static int WriteTransport(in PacketSpec packet, Span<byte> segment)
    {
        byte protocol = IpProtocolOf(packet);
        int headerLength;
        int checksumOffset;
        switch (packet.Kind)
        {
            case PacketKind.Tcp:
                headerLength = WriteTcpHeader(packet, segment);
                checksumOffset = 16;
                break;
            case PacketKind.Udp:
                headerLength = 8;
                checksumOffset = 6;
                BinaryPrimitives.WriteUInt16BigEndian(segment, packet.SourcePort);
                BinaryPrimitives.WriteUInt16BigEndian(segment[2..], packet.DestinationPort);
                break;
            default:
                headerLength = 8;
                checksumOffset = 2;
                bool request = packet.Kind == PacketKind.IcmpEchoRequest;
                segment[0] = packet.Source.IsV6 ? (request ? (byte)128 : (byte)129) : (request ? (byte)8 : (byte)0);
                segment[1] = 0;
                BinaryPrimitives.WriteUInt16BigEndian(segment[4..], packet.SourcePort);
                BinaryPrimitives.WriteUInt16BigEndian(segment[6..], packet.DestinationPort);
                break;
        }

        int payloadLength = packet.PayloadLength;
        PayloadWriter.Write(packet, segment.Slice(headerLength, payloadLength));
        int length = headerLength + payloadLength;
        if (packet.Kind == PacketKind.Udp)
        {
            BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)length);
        }

        segment[checksumOffset] = 0;
        segment[checksumOffset + 1] = 0;
        ulong sum = protocol == ProtocolIcmp ? 0 : InternetChecksum.PseudoHeader(packet.Source, packet.Destination, protocol, length);
        ushort checksum = InternetChecksum.Finish(InternetChecksum.Add(sum, segment[..length]));
        if (checksum == 0 && protocol == ProtocolUdp)
        {
            // RFC 768: a computed zero is sent as all ones; zero means "no checksum".
            checksum = 0xFFFF;
        }

        BinaryPrimitives.WriteUInt16BigEndian(segment[checksumOffset..], checksum);
        return length;
    }

    private static int WriteTcpHeader(in PacketSpec packet, Span<byte> header)
    {
        int optionLength = packet.Options switch
        {
            TcpOptionSet.LinuxSyn => 20,
            TcpOptionSet.MssOnly => 4,
            _ => 0,
        };
        int headerLength = 20 + optionLength;
        BinaryPrimitives.WriteUInt16BigEndian(header, packet.SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], packet.DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], packet.Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], packet.Acknowledgment);
        header[12] = (byte)((headerLength / 4) << 4);
        header[13] = (byte)packet.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(header[14..], packet.Window);
        BinaryPrimitives.WriteUInt32BigEndian(header[16..], 0); // checksum (filled later) and urgent pointer
        Span<byte> options = header.Slice(20, optionLength);
        switch (packet.Options)
        {
            case TcpOptionSet.LinuxSyn:
                // MSS 1460, SACK permitted, timestamps, NOP, window scale 7: what Linux puts on a SYN.
                options[0] = 2;
                options[1] = 4;
                BinaryPrimitives.WriteUInt16BigEndian(options[2..], 1460);
                options[4] = 4;
                options[5] = 2;
                options[6] = 8;
                options[7] = 10;
                BinaryPrimitives.WriteUInt32BigEndian(options[8..], (uint)(packet.TimestampNs / 1_000_000));
                BinaryPrimitives.WriteUInt32BigEndian(options[12..], (packet.Flags & TcpFlagBits.Ack) != 0 ? packet.Sequence ^ 0x5A5A_5A5Au : 0);
                options[16] = 1;
                options[17] = 3;
                options[18] = 3;
                options[19] = 7;
                break;
            case TcpOptionSet.MssOnly:
                options[0] = 2;
                options[1] = 4;
                BinaryPrimitives.WriteUInt16BigEndian(options[2..], 1460);
                break;
            default:
                break;
        }

        return headerLength;
    }

    private static int WriteArp(in PacketSpec packet, Span<byte> arp)
    {
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1); // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], EtherTypeIPv4);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], packet.Kind == PacketKind.ArpRequest ? (ushort)1 : (ushort)2);
        WriteMac(arp[8..], packet.SourceMac);
        packet.Source.WriteTo(arp[14..]);
        // A request asks for the target's MAC, so that field is zero; a reply names it.
        WriteMac(arp[18..], packet.Kind == PacketKind.ArpRequest ? 0 : packet.DestinationMac);
        packet.Destination.WriteTo(arp[24..]);
        return 28;
    }

    private static void WriteMac(Span<byte> destination, ulong mac)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(mac >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)mac);
    }
}
