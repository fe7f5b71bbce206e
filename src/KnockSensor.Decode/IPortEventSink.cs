namespace KnockSensor.Decode;

/// <summary>A stage that consumes decoded port events: the knock detector, the windowing stage alone, a monitor.</summary>
/// <remarks>Called on one thread, in capture order; <see cref="Add"/> must not allocate per event.</remarks>
public interface IPortEventSink
{
    void Add(in PortEvent portEvent);

    /// <summary>
    /// A run of events in capture order: the same as <see cref="Add"/> on each in turn. A stage whose tables do not
    /// fit in cache overrides it to fetch the entries of events a few places ahead while it works on the current
    /// one, so their cache misses overlap instead of following one another.
    /// </summary>
    void AddBatch(ReadOnlySpan<PortEvent> portEvents)
    {
        foreach (ref readonly var portEvent in portEvents)
        {
            Add(portEvent);
        }
    }

    /// <summary>End of input or shutdown: close whatever is open and report it.</summary>
    void Flush();
}
