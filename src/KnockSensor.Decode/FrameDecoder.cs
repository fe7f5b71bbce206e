using System.Runtime.CompilerServices;
using KnockSensor.Capture;

namespace KnockSensor.Decode;

/// <summary>Turns one captured frame into a <see cref="PortEvent"/> without allocating.</summary>
/// <remarks>
/// Layers: <see cref="LinkLayerDecoder"/> (Ethernet and VLAN stacks, Linux cooked v1/v2, BSD loopback, raw IP),
/// <see cref="Ipv4Decoder"/> or <see cref="Ipv6Decoder"/> (with <see cref="Ipv6ExtensionHeaders"/>), then
/// <see cref="TransportDecoder"/>. The untagged Ethernet → IPv4/IPv6 → TCP/UDP path is inlined into one method;
/// everything rarer is called out of line.
/// </remarks>
public static class FrameDecoder
{
    /// <summary>
    /// Decodes <paramref name="frame"/> (captured bytes, possibly fewer than <see cref="FrameInfo.WireLength"/>).
    /// Never throws for any content of the frame.
    /// </summary>
    /// <returns>What the frame was; <paramref name="reason"/> is set only for <see cref="DecodeStatus.Malformed"/>.</returns>
    public static DecodeStatus Decode(ReadOnlySpan<byte> frame, in FrameInfo info, out PortEvent portEvent, out MalformedReason reason)
    {
        portEvent = default;
        portEvent.TimestampNs = info.TimestampNs;
        portEvent.WireLength = info.WireLength;
        if (info.VlanTci >= 0)
        {
            // AF_PACKET strips the outermost tag and reports it beside the frame; any tags left in the frame are inner.
            portEvent.OuterVlanId = (ushort)(info.VlanTci & 0x0FFF);
            portEvent.VlanCount = 1;
        }

        var link = LinkLayerDecoder.Decode(frame, info.LinkType, ref portEvent);

        // A source that reports fewer wire bytes than it captured is believed no further than the bytes it handed over.
        var wireLength = Math.Max(info.WireLength, frame.Length);
        switch (link.Network)
        {
            case NetworkLayer.Ipv4:
                return Ipv4Decoder.Decode(frame, link.NetworkOffset, wireLength, ref portEvent, out reason);
            case NetworkLayer.Ipv6:
                return Ipv6Decoder.Decode(frame, link.NetworkOffset, wireLength, ref portEvent, out reason);
            case NetworkLayer.FromVersionNibble:
                return DecodeByVersionNibble(frame, link.NetworkOffset, wireLength, ref portEvent, out reason);
            default:
                reason = link.Reason;
                return link.Status;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DecodeStatus DecodeByVersionNibble(ReadOnlySpan<byte> frame, int offset, int wireLength, ref PortEvent portEvent, out MalformedReason reason)
    {
        if (frame.Length <= offset)
        {
            return DecodeFailure.Malformed(MalformedReason.TruncatedIpHeader, out reason);
        }

        return (frame[offset] >> 4) switch
        {
            4 => Ipv4Decoder.Decode(frame, offset, wireLength, ref portEvent, out reason),
            6 => Ipv6Decoder.Decode(frame, offset, wireLength, ref portEvent, out reason),
            _ => DecodeFailure.Malformed(MalformedReason.BadIpVersion, out reason),
        };
    }
}
