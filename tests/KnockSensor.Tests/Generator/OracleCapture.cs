using System.Buffers.Binary;
using PacketDotNet;
using SharpPcap;
using SharpPcap.LibPcap;

namespace KnockSensor.Tests.Generator;

/// <summary>One frame as the independent oracle (SharpPcap's file reader, PacketDotNet's parser) saw it.</summary>
internal readonly record struct OraclePacket(long TimestampNs, string Source, string Destination, string Proto, int SourcePort, int DestinationPort, bool Syn, bool Ack);

/// <summary>
/// Reads a capture with SharpPcap and parses every frame with PacketDotNet, counting what the generator's truth
/// claims and checking every checksum. VLAN tags are stripped by hand first: PacketDotNet does not decode an
/// 802.1ad service tag, and the tags are a fixed four bytes each.
/// </summary>
internal sealed class OracleCapture
{
    private const ushort EtherTypeVlan = 0x8100;
    private const ushort EtherTypeQinQ = 0x88A8;
    private const ushort TeredoPort = 3544;

    public long Packets { get; private set; }

    public long TcpSynWithoutAck { get; private set; }

    public long Tcp { get; private set; }

    public long Udp { get; private set; }

    public long Icmp { get; private set; }

    public long Arp { get; private set; }

    public long Ipv6 { get; private set; }

    public long VlanTagged { get; private set; }

    public long QinQ { get; private set; }

    public long FrameBytes { get; private set; }

    /// <summary>Descriptions of frames whose IPv4, TCP, UDP or ICMP checksum is wrong (empty when all are right).</summary>
    public List<string> BadChecksums { get; } = [];

    /// <summary>Frames that are not a connectionless ARP and carry no IP layer PacketDotNet understood.</summary>
    public long Unparsed { get; private set; }

    public List<OraclePacket> IpPackets { get; } = [];

    public static OracleCapture Read(string path)
    {
        var oracle = new OracleCapture();
        using var device = new CaptureFileReaderDevice(path);
        device.Open();
        while (device.GetNextPacket(out PacketCapture capture) == GetPacketStatus.PacketRead)
        {
            RawCapture raw = capture.GetPacket();
            long ns = ((long)raw.Timeval.Seconds * 1_000_000_000L) + ((long)raw.Timeval.MicroSeconds * 1000L);
            oracle.Add(raw.LinkLayerType, raw.Data, ns);
        }

        return oracle;
    }

    private void Add(LinkLayers link, byte[] frame, long timestampNs)
    {
        Assert.Equal(LinkLayers.Ethernet, link);
        Packets++;
        FrameBytes += frame.Length;
        byte[] untagged = StripVlanTags(frame);
        var ethernet = (EthernetPacket)Packet.ParsePacket(LinkLayers.Ethernet, untagged);
        if (ethernet.Type == EthernetType.Arp)
        {
            Arp++;
            return;
        }

        switch (ethernet.PayloadPacket)
        {
            case IPv4Packet v4:
                if (!v4.ValidIPChecksum)
                {
                    BadChecksums.Add($"IPv4 header at {timestampNs}");
                }

                AddTransport(v4, TransportBytes(untagged), timestampNs);
                break;
            case IPv6Packet v6:
                Ipv6++;
                AddTransport(v6, TransportBytes(untagged), timestampNs);
                break;
            default:
                Unparsed++;
                break;
        }
    }

    private void AddTransport(IPPacket ip, byte[] transport, long timestampNs)
    {
        string source = ip.SourceAddress.ToString();
        string destination = ip.DestinationAddress.ToString();
        switch (ip.PayloadPacket)
        {
            case TcpPacket tcp:
                Tcp++;
                if (tcp.Synchronize && !tcp.Acknowledgment)
                {
                    TcpSynWithoutAck++;
                }

                if (!tcp.ValidTcpChecksum)
                {
                    BadChecksums.Add($"TCP {source}:{tcp.SourcePort} > {destination}:{tcp.DestinationPort} at {timestampNs}");
                }

                IpPackets.Add(new OraclePacket(timestampNs, source, destination, "tcp", tcp.SourcePort, tcp.DestinationPort, tcp.Synchronize, tcp.Acknowledgment));
                break;
            case UdpPacket udp:
                Udp++;
                // PacketDotNet decodes anything on port 3544 as Teredo and then miscomputes the UDP checksum (tshark
                // agrees these are right); those few are summed here instead.
                bool teredo = udp.SourcePort == TeredoPort || udp.DestinationPort == TeredoPort;
                if (teredo ? !ValidPseudoHeaderChecksum(ip, 17, transport) : !udp.ValidUdpChecksum)
                {
                    BadChecksums.Add($"UDP {source}:{udp.SourcePort} > {destination}:{udp.DestinationPort} at {timestampNs}");
                }

                IpPackets.Add(new OraclePacket(timestampNs, source, destination, "udp", udp.SourcePort, udp.DestinationPort, false, false));
                break;
            case IcmpV4Packet icmp:
                Icmp++;
                if (!icmp.ValidIcmpChecksum)
                {
                    BadChecksums.Add($"ICMP {source} > {destination} at {timestampNs}");
                }

                break;
            case IcmpV6Packet icmp6:
                Icmp++;
                if (!ValidPseudoHeaderChecksum(ip, 58, transport))
                {
                    BadChecksums.Add($"ICMPv6 {source} > {destination} at {timestampNs}");
                }

                break;
            default:
                Unparsed++;
                break;
        }
    }

    /// <summary>The IP payload of an untagged Ethernet frame, cut by the IP header's own length fields.</summary>
    private static byte[] TransportBytes(byte[] frame)
    {
        const int ip = 14;
        bool v6 = frame[ip] >> 4 == 6;
        int headerLength = v6 ? 40 : (frame[ip] & 0x0F) * 4;
        int payloadLength = v6
            ? BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(ip + 4))
            : BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(ip + 2)) - headerLength;
        return frame.AsSpan(ip + headerLength, payloadLength).ToArray();
    }

    /// <summary>
    /// RFC 768 / RFC 4443 §2.3: the ones'-complement sum over the pseudo-header and the whole message is 0xFFFF
    /// when the stored checksum is right. (PacketDotNet has no ICMPv6 checksum check.)
    /// </summary>
    private static bool ValidPseudoHeaderChecksum(IPPacket ip, byte protocol, byte[] message)
    {
        ulong sum = 0;
        byte[] source = ip.SourceAddress.GetAddressBytes();
        byte[] destination = ip.DestinationAddress.GetAddressBytes();
        for (int i = 0; i < source.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(source.AsSpan(i));
            sum += BinaryPrimitives.ReadUInt16BigEndian(destination.AsSpan(i));
        }

        sum += (ulong)message.Length + protocol;
        for (int i = 0; i + 1 < message.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(i));
        }

        if (message.Length % 2 == 1)
        {
            sum += (ulong)message[^1] << 8;
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return sum == 0xFFFF;
    }

    private byte[] StripVlanTags(byte[] frame)
    {
        int offset = 12;
        bool tagged = false;
        while (true)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(offset));
            if (type == EtherTypeQinQ)
            {
                QinQ++;
            }
            else if (type != EtherTypeVlan)
            {
                break;
            }

            tagged = true;
            offset += 4;
        }

        if (!tagged)
        {
            return frame;
        }

        VlanTagged++;
        byte[] untagged = new byte[frame.Length - (offset - 12)];
        frame.AsSpan(0, 12).CopyTo(untagged);
        frame.AsSpan(offset).CopyTo(untagged.AsSpan(12));
        return untagged;
    }
}
