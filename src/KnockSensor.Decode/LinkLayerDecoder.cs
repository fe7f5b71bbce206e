using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using KnockSensor.Capture;

namespace KnockSensor.Decode;

/// <summary>
/// Strips the link-layer header of every supported <see cref="LinkType"/> and says which IP version (if any)
/// follows at which offset. Ethernet stays inline; the other link types are rarer on a sensor and go out of line.
/// </summary>
internal static class LinkLayerDecoder
{
    /// <summary>Linux cooked v1: packet type, ARPHRD, address length, 8 address bytes, protocol at 14.</summary>
    public const int SllHeaderLength = 16;
    public const int SllProtocolOffset = 14;

    /// <summary>Linux cooked v2: protocol at 0, then reserved, ifindex, ARPHRD, packet type, address length and address.</summary>
    public const int Sll2HeaderLength = 20;
    public const int Sll2ProtocolOffset = 0;

    /// <summary>BSD loopback (Null, Loop): a 4-byte address family.</summary>
    public const int LoopbackHeaderLength = 4;

    internal const uint AfInet = 2;

    // AF_INET6 differs per OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS/Darwin 30. A capture file can come from any.
    internal const uint AfInet6Linux = 10;
    internal const uint AfInet6NetBsd = 24;
    internal const uint AfInet6FreeBsd = 28;
    internal const uint AfInet6Darwin = 30;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LinkLayerResult Decode(ReadOnlySpan<byte> frame, LinkType linkType, ref PortEvent portEvent)
    {
        if (linkType == LinkType.Ethernet)
        {
            return EthernetDecoder.DecodeEthernet(frame, ref portEvent);
        }

        return DecodeOtherLinkTypes(frame, linkType, ref portEvent);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LinkLayerResult DecodeOtherLinkTypes(ReadOnlySpan<byte> frame, LinkType linkType, ref PortEvent portEvent)
    {
        switch (linkType)
        {
            case LinkType.Raw:
            case LinkType.RawBsd12:
            case LinkType.RawBsd14:
                return LinkLayerResult.Next(NetworkLayer.FromVersionNibble, 0);
            case LinkType.Ipv4:
                return LinkLayerResult.Next(NetworkLayer.Ipv4, 0);
            case LinkType.Ipv6:
                return LinkLayerResult.Next(NetworkLayer.Ipv6, 0);
            case LinkType.LinuxSll:
                if (frame.Length < SllHeaderLength)
                {
                    return LinkLayerResult.Malformed(MalformedReason.TruncatedLinkHeader);
                }

                return EthernetDecoder.FromEtherType(frame, NetworkOrder.UInt16(frame, SllProtocolOffset), SllHeaderLength, ref portEvent);
            case LinkType.LinuxSll2:
                if (frame.Length < Sll2HeaderLength)
                {
                    return LinkLayerResult.Malformed(MalformedReason.TruncatedLinkHeader);
                }

                return EthernetDecoder.FromEtherType(frame, NetworkOrder.UInt16(frame, Sll2ProtocolOffset), Sll2HeaderLength, ref portEvent);
            case LinkType.Null:
            case LinkType.Loop:
                if (frame.Length < LoopbackHeaderLength)
                {
                    return LinkLayerResult.Malformed(MalformedReason.TruncatedLinkHeader);
                }

                var family = FromAddressFamily(BinaryPrimitives.ReadUInt32BigEndian(frame));
                if (family == NetworkLayer.None && linkType == LinkType.Null)
                {
                    // Null stores the family in the capturing host's byte order, which the file does not record.
                    family = FromAddressFamily(BinaryPrimitives.ReadUInt32LittleEndian(frame));
                }

                return family == NetworkLayer.None ? LinkLayerResult.NotIp : LinkLayerResult.Next(family, LoopbackHeaderLength);
            default:
                return LinkLayerResult.UnsupportedLinkType;
        }
    }

    private static NetworkLayer FromAddressFamily(uint family) => family switch
    {
        AfInet => NetworkLayer.Ipv4,
        AfInet6Linux or AfInet6NetBsd or AfInet6FreeBsd or AfInet6Darwin => NetworkLayer.Ipv6,
        _ => NetworkLayer.None,
    };
}
