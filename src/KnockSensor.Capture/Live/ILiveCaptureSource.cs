namespace KnockSensor.Capture.Live;

/// <summary>
/// One live capture stream (an AF_PACKET ring or a libpcap handle), owned by one capture thread.
/// </summary>
/// <remarks>
/// Single owner: <see cref="Dispatch"/> and <see cref="UpdateStatistics"/> are called from the thread that reads the
/// source; only <c>Dispose</c> may come from elsewhere, after that thread has stopped.
/// </remarks>
public interface ILiveCaptureSource : IDisposable
{
    /// <summary>The interface captured.</summary>
    string InterfaceName { get; }

    /// <summary>Link type of every frame this source delivers.</summary>
    LinkType LinkType { get; }

    /// <summary>
    /// Hands the frames that are ready to <paramref name="sink"/>, waiting up to <paramref name="timeoutMilliseconds"/>
    /// (0: do not wait) when none is. Returns how many frames were delivered; 0 when the wait ran out.
    /// </summary>
    int Dispatch<TSink>(ref TSink sink, int timeoutMilliseconds)
        where TSink : struct, IFrameSink;

    /// <summary>Reads the kernel's counters and returns the totals since the source opened (monotonic).</summary>
    CaptureStatistics UpdateStatistics();
}
