namespace KnockSensor.Decode;

/// <summary>A stage that consumes decoded port events: the knock detector, the windowing stage alone, a monitor.</summary>
/// <remarks>Called on one thread, in capture order; <see cref="Add"/> must not allocate per event.</remarks>
public interface IPortEventSink
{
    void Add(in PortEvent portEvent);

    /// <summary>End of input or shutdown: close whatever is open and report it.</summary>
    void Flush();
}
