namespace KnockSensor.Output;

/// <summary>What the event log does when its queue to the writer thread is full.</summary>
public enum EventLogOverflow
{
    /// <summary>Wait for room: nothing is lost, and the producer slows down (offline runs, which must be complete).</summary>
    Block,

    /// <summary>Drop the event and count it: capture never waits on the disk (live runs).</summary>
    Drop,
}
