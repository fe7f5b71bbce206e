using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>IPv6 fixed header, then (out of line) the extension-header chain up to the transport header.</summary>
internal static class Ipv6Decoder
{
    public const int HeaderLength = 40;
    internal const int PayloadLengthOffset = 4;
    internal const int NextHeaderOffset = 6;
    internal const int SourceOffset = 8;
    internal const int DestinationOffset = 24;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DecodeStatus Decode(ReadOnlySpan<byte> frame, int offset, int wireLength, ref PortEvent portEvent, out MalformedReason reason)
    {
        var packet = frame[offset..];
        if (packet.Length < HeaderLength)
        {
            return DecodeFailure.Malformed(MalformedReason.TruncatedIpHeader, out reason);
        }

        if (packet[0] >> 4 != 6)
        {
            return DecodeFailure.Malformed(MalformedReason.BadIpVersion, out reason);
        }

        var totalLength = HeaderLength + NetworkOrder.UInt16(packet, PayloadLengthOffset);
        if (totalLength > wireLength - offset)
        {
            return DecodeFailure.Malformed(MalformedReason.BadIpTotalLength, out reason);
        }

        portEvent.IpVersion = 6;
        portEvent.Source = new PacketAddress(NetworkOrder.UInt64(packet, SourceOffset), NetworkOrder.UInt64(packet, SourceOffset + 8));
        portEvent.Destination = new PacketAddress(NetworkOrder.UInt64(packet, DestinationOffset), NetworkOrder.UInt64(packet, DestinationOffset + 8));

        var capturedLength = IpPacket.CapturedLength(packet.Length, totalLength, ref portEvent);

        var nextHeader = packet[NextHeaderOffset];
        var headerEnd = HeaderLength;
        var isFirstFragment = false;
        if (Ipv6ExtensionHeaders.IsExtensionHeader(nextHeader))
        {
            var chain = Ipv6ExtensionHeaders.Walk(packet[..capturedLength], totalLength, nextHeader, ref portEvent, out reason);
            if (chain.Status != DecodeStatus.Transport)
            {
                return chain.Status;
            }

            nextHeader = chain.NextHeader;
            headerEnd = chain.HeaderEnd;
            isFirstFragment = chain.IsFirstFragment;
        }

        portEvent.Protocol = (IpProtocol)nextHeader;
        if (headerEnd > capturedLength)
        {
            // The chain fits the packet on the wire but the snap length cut it: no transport header was captured.
            return TransportDecoder.Decode([], totalLength - headerEnd, nextHeader, 6, isFirstFragment, ref portEvent, out reason);
        }

        return TransportDecoder.Decode(packet[headerEnd..capturedLength], totalLength - headerEnd, nextHeader, 6, isFirstFragment, ref portEvent, out reason);
    }
}
