using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>IPv4 header: version, IHL with options, total length, fragmentation, addresses.</summary>
internal static class Ipv4Decoder
{
    public const int MinimumHeaderLength = 20;
    internal const int TotalLengthOffset = 2;
    internal const int FragmentOffset = 6;
    internal const int ProtocolOffset = 9;
    internal const int SourceOffset = 12;
    internal const int DestinationOffset = 16;
    internal const ushort MoreFragmentsBit = 0x2000;
    internal const ushort FragmentOffsetMask = 0x1FFF;

    /// <summary>
    /// Decodes the IPv4 packet at <paramref name="offset"/>. Length fields are checked against what the wire could
    /// hold (<paramref name="wireLength"/>), not against the captured bytes: a snap length that cuts the payload is
    /// not a lie, it only sets <see cref="PortEventFlags.Truncated"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DecodeStatus Decode(ReadOnlySpan<byte> frame, int offset, int wireLength, ref PortEvent portEvent, out MalformedReason reason)
    {
        var packet = frame[offset..];
        if (packet.Length < MinimumHeaderLength)
        {
            return DecodeFailure.Malformed(MalformedReason.TruncatedIpHeader, out reason);
        }

        var versionAndIhl = packet[0];
        if (versionAndIhl >> 4 != 4)
        {
            return DecodeFailure.Malformed(MalformedReason.BadIpVersion, out reason);
        }

        var headerLength = (versionAndIhl & 0x0F) * 4;
        var wireRemaining = wireLength - offset;
        if (headerLength < MinimumHeaderLength || headerLength > wireRemaining)
        {
            return DecodeFailure.Malformed(MalformedReason.BadIpHeaderLength, out reason);
        }

        int totalLength = NetworkOrder.UInt16(packet, TotalLengthOffset);
        if (totalLength == 0)
        {
            totalLength = SegmentationOffloadLength(wireRemaining);
        }

        if (totalLength < headerLength || totalLength > wireRemaining)
        {
            return DecodeFailure.Malformed(MalformedReason.BadIpTotalLength, out reason);
        }

        if (headerLength > packet.Length)
        {
            // Options cut by the snap length: the header the decoder needs is incomplete.
            return DecodeFailure.Malformed(MalformedReason.TruncatedIpHeader, out reason);
        }

        var protocol = packet[ProtocolOffset];
        portEvent.IpVersion = 4;
        portEvent.Protocol = (IpProtocol)protocol;
        portEvent.Source = PacketAddress.FromIPv4(NetworkOrder.UInt32(packet, SourceOffset));
        portEvent.Destination = PacketAddress.FromIPv4(NetworkOrder.UInt32(packet, DestinationOffset));

        var capturedLength = IpPacket.CapturedLength(packet.Length, totalLength, ref portEvent);

        var fragment = NetworkOrder.UInt16(packet, FragmentOffset);
        if ((fragment & FragmentOffsetMask) != 0)
        {
            reason = MalformedReason.None;
            portEvent.Flags |= PortEventFlags.LaterFragment;
            return DecodeStatus.LaterFragment;
        }

        var isFirstFragment = (fragment & MoreFragmentsBit) != 0;
        if (isFirstFragment)
        {
            portEvent.Flags |= PortEventFlags.FirstFragment;
        }

        return TransportDecoder.Decode(packet[headerLength..capturedLength], totalLength - headerLength, protocol, 4, isFirstFragment, ref portEvent, out reason);
    }

    /// <summary>
    /// A total length of 0 is what a capture on the sending host shows for a segment the NIC will split (TCP
    /// segmentation offload): the kernel leaves the field for the hardware to fill. The packet then runs to the end
    /// of the frame, which is how Wireshark and PacketDotNet read it too. Without this, every large outgoing segment
    /// of a sensor that captures its own host's traffic was counted as a lying total length (569 frames of the nDPI
    /// corpus). Out of line: the field is never 0 on the wire.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int SegmentationOffloadLength(int wireRemaining) => Math.Min(wireRemaining, ushort.MaxValue);
}
