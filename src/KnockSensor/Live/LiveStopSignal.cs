namespace KnockSensor.Live;

/// <summary>The stop request of a live run (SIGINT, SIGTERM, a failed source), seen by every thread.</summary>
public sealed class LiveStopSignal
{
    private int _raised;
    private string? _failure;

    public bool IsRaised => Volatile.Read(ref _raised) != 0;

    /// <summary>The first failure that stopped the run, or null for a requested stop.</summary>
    public string? Failure => Volatile.Read(ref _failure);

    public void Raise() => Volatile.Write(ref _raised, 1);

    public void Fail(string message)
    {
        Interlocked.CompareExchange(ref _failure, message, null);
        Raise();
    }
}
