namespace KnockSensor.Live;

/// <summary>
/// Lets the merging thread sleep when it has nothing to release and be woken by a capture thread that queued events
/// or raised its watermark, without a system call on the capture side unless the merger is really asleep.
/// </summary>
/// <remarks>
/// The merger announces it is about to sleep (a full fence), looks at the queues once more, then waits; a capture
/// thread, after a batch, issues a full fence and wakes it only if it announced. One side always sees the other: either
/// the merger's last look finds the new events, or the capture thread finds the announcement.
/// </remarks>
public sealed class MergerWakeup : IDisposable
{
    private readonly ManualResetEventSlim _event = new(initialState: false, spinCount: 0);
    private int _sleeping;

    /// <summary>Capture thread, after each batch: wakes the merger if it is asleep.</summary>
    public void Signal()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) != 0)
        {
            _event.Set();
        }
    }

    /// <summary>
    /// Merging thread: announces the sleep, runs <paramref name="lastLook"/> (true when there was work after all), and
    /// otherwise sleeps until signalled or <paramref name="timeoutMilliseconds"/> pass.
    /// </summary>
    public void Sleep(Func<bool> lastLook, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(lastLook);
        _event.Reset();
        Interlocked.Exchange(ref _sleeping, 1);
        try
        {
            if (!lastLook())
            {
                _event.Wait(timeoutMilliseconds);
            }
        }
        finally
        {
            Volatile.Write(ref _sleeping, 0);
        }
    }

    public void Dispose() => _event.Dispose();
}
