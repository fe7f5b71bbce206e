using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>What the IPv4 and IPv6 decoders share about the extent of an IP packet.</summary>
internal static class IpPacket
{
    /// <summary>
    /// The captured bytes that belong to the packet: all of them when a snap length cut it short (which sets
    /// <see cref="PortEventFlags.Truncated"/>), else its declared <paramref name="totalLength"/>; anything past that
    /// is link-layer padding (Ethernet's 60-byte minimum), not payload.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CapturedLength(int capturedBytes, int totalLength, ref PortEvent portEvent)
    {
        if (capturedBytes < totalLength)
        {
            portEvent.Flags |= PortEventFlags.Truncated;
            return capturedBytes;
        }

        return totalLength;
    }
}
