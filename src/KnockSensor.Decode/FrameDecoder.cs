using KnockSensor.Capture;

namespace KnockSensor.Decode;

/// <summary>Turns one captured frame into a <see cref="PortEvent"/> without allocating.</summary>
public static class FrameDecoder
{
    /// <summary>
    /// Decodes <paramref name="frame"/> (captured bytes, possibly fewer than <see cref="FrameInfo.WireLength"/>).
    /// Never throws for any content of the frame.
    /// </summary>
    /// <returns>What the frame was; <paramref name="reason"/> is set only for <see cref="DecodeStatus.Malformed"/>.</returns>
    public static DecodeStatus Decode(ReadOnlySpan<byte> frame, in FrameInfo info, out PortEvent portEvent, out MalformedReason reason)
    {
        // Placeholder until the decoder lands (issue 2): everything is "not IP".
        portEvent = default;
        portEvent.TimestampNs = info.TimestampNs;
        portEvent.WireLength = info.WireLength;
        reason = MalformedReason.None;
        return frame.IsEmpty ? DecodeStatus.Malformed : DecodeStatus.NotIp;
    }
}
