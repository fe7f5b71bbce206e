namespace KnockSensor.Capture.Live;

/// <summary>
/// What the kernel (or libpcap) says about a live capture, as totals since it opened: monotonic, never reset.
/// </summary>
/// <param name="Packets">Frames that reached the capture socket after the filter, dropped ones included.</param>
/// <param name="Drops">Frames the kernel dropped because the ring (or buffer) was full.</param>
/// <param name="InterfaceDrops">Frames dropped before the kernel saw them; no backend reads a source for it yet (0).</param>
public readonly record struct CaptureStatistics(long Packets, long Drops, long InterfaceDrops)
{
    public static CaptureStatistics operator +(CaptureStatistics a, CaptureStatistics b) =>
        new(a.Packets + b.Packets, a.Drops + b.Drops, a.InterfaceDrops + b.InterfaceDrops);

    public static CaptureStatistics Add(CaptureStatistics a, CaptureStatistics b) => a + b;
}
