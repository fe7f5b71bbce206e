namespace KnockSensor.Windowing;

public sealed partial class PortWindow
{
    /// <summary>
    /// Writes the window's log (accesses and answers, in the order added). The bitmap, item list, first-seen times and
    /// start/end/activity times all follow from replaying it, so they are not written.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_logCount);
        foreach (ref readonly var access in Accesses)
        {
            writer.WriteAccess(access);
        }
    }

    /// <summary>Empties the window, then replays a log written by <see cref="WriteState"/>.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Clear();
        var count = reader.ReadCount(_log.Length, "window log length", StateBinary.AccessBytes);
        for (var i = 0; i < count; i++)
        {
            var access = reader.ReadAccess();
            if (access.IsAnswer)
            {
                if (!AddAnswer(access.Item, access.Source, access.Destination, access.TimestampNs, access.SourcePort))
                {
                    StateBinary.ThrowInvalid("window log holds more answers than the window has room for");
                }
            }
            else
            {
                if (IsFull)
                {
                    StateBinary.ThrowInvalid("window log holds more accesses than the window's capacity");
                }

                Add(access.Item, access.Source, access.Destination, access.TimestampNs, access.SourcePort);
            }
        }
    }
}
