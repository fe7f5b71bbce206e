namespace KnockSensor.Live;

/// <summary>Which capture implementation a live run uses (<c>--capture</c>).</summary>
public enum CaptureBackend
{
    /// <summary>Native AF_PACKET TPACKET_V3 rings, one per thread, joined in a PACKET_FANOUT group (Linux; the default).</summary>
    AfPacket,

    /// <summary>libpcap through SharpPcap: one thread; the fallback, and the way to capture <c>-i any</c>.</summary>
    LibPcap,
}
