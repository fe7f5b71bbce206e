using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>
/// The IPv6 extension-header chain (RFC 8200 §4, the IANA "IPv6 Extension Header Types" registry), walked with a
/// hard bound so that a hostile chain costs at most <see cref="MaxHeaders"/> steps.
/// </summary>
internal static class Ipv6ExtensionHeaders
{
    /// <summary>Most extension headers walked. RFC 8200's recommended order has at most 7 (destination options twice).</summary>
    public const int MaxHeaders = 8;

    public const byte HopByHop = 0;
    public const byte Routing = 43;
    public const byte Fragment = 44;
    public const byte AuthenticationHeader = 51;
    public const byte DestinationOptions = 60;
    public const byte Mobility = 135;
    public const byte HostIdentity = 139;
    public const byte Shim6 = 140;
    public const byte Experimental1 = 253;
    public const byte Experimental2 = 254;

    internal const int FragmentHeaderLength = 8;
    internal const ushort FragmentOffsetMask = 0xFFF8;
    internal const ushort MoreFragmentsBit = 0x0001;

    /// <summary>
    /// Headers that share the "next header, length" layout and can be stepped over. ESP (50) is not among them: its
    /// payload is encrypted, so the chain ends there (<see cref="DecodeStatus.OtherIpProtocol"/>), as it does at
    /// No Next Header (59).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsExtensionHeader(byte protocol) =>
        protocol < 64 ? ((LowExtensionHeaders >> protocol) & 1) != 0 : protocol is Mobility or HostIdentity or Shim6 or Experimental1 or Experimental2;

    /// <summary>The extension headers numbered below 64 as a bit set: TCP, UDP and ICMPv6 are told apart by one shift and test.</summary>
    internal const ulong LowExtensionHeaders =
        (1UL << HopByHop) | (1UL << Routing) | (1UL << Fragment) | (1UL << AuthenticationHeader) | (1UL << DestinationOptions);

    /// <summary>
    /// Steps over the chain whose first header, of type <paramref name="firstHeader"/>, follows the fixed header in
    /// <paramref name="packet"/> (the captured bytes of the IPv6 packet, at most <paramref name="totalLength"/>).
    /// Returns status <see cref="DecodeStatus.Transport"/> when the transport header can follow, with its protocol
    /// and offset.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Ipv6ChainEnd Walk(ReadOnlySpan<byte> packet, int totalLength, byte firstHeader, ref PortEvent portEvent, out MalformedReason reason)
    {
        var nextHeader = firstHeader;
        var headerEnd = Ipv6Decoder.HeaderLength;
        var isFirstFragment = false;
        var walked = 0;
        do
        {
            if (++walked > MaxHeaders)
            {
                return Ipv6ChainEnd.Stop(DecodeFailure.Malformed(MalformedReason.Ipv6ExtensionChainTooLong, out reason));
            }

            if (nextHeader == Fragment)
            {
                if (packet.Length - headerEnd < FragmentHeaderLength)
                {
                    return Ipv6ChainEnd.Stop(DecodeFailure.Malformed(MalformedReason.TruncatedIpv6ExtensionHeader, out reason));
                }

                var fragmentField = NetworkOrder.UInt16(packet, headerEnd + 2);
                nextHeader = packet[headerEnd];
                headerEnd += FragmentHeaderLength;
                if ((fragmentField & FragmentOffsetMask) != 0)
                {
                    portEvent.Protocol = (IpProtocol)nextHeader;
                    portEvent.Flags |= PortEventFlags.LaterFragment;
                    reason = MalformedReason.None;
                    return Ipv6ChainEnd.Stop(DecodeStatus.LaterFragment);
                }

                if ((fragmentField & MoreFragmentsBit) != 0)
                {
                    isFirstFragment = true;
                    portEvent.Flags |= PortEventFlags.FirstFragment;
                }

                continue;
            }

            // Only the next-header and length bytes are needed; the rest of the header may lie beyond the snap length.
            if (packet.Length - headerEnd < 2)
            {
                return Ipv6ChainEnd.Stop(DecodeFailure.Malformed(MalformedReason.TruncatedIpv6ExtensionHeader, out reason));
            }

            var lengthField = packet[headerEnd + 1];

            // AH counts 4-byte words minus 2 (RFC 4302 §2.2); every other header counts 8-byte units minus 1.
            var headerLength = nextHeader == AuthenticationHeader ? (lengthField + 2) * 4 : (lengthField + 1) * 8;
            if (headerLength > totalLength - headerEnd)
            {
                return Ipv6ChainEnd.Stop(DecodeFailure.Malformed(MalformedReason.TruncatedIpv6ExtensionHeader, out reason));
            }

            nextHeader = packet[headerEnd];
            headerEnd += headerLength;
        }
        while (IsExtensionHeader(nextHeader));

        reason = MalformedReason.None;
        return Ipv6ChainEnd.Transport(nextHeader, headerEnd, isFirstFragment);
    }
}
