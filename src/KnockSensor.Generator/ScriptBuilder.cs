namespace KnockSensor.Generator;

/// <summary>
/// Collects a conversation's packets in logical order (timestamps may interleave between the two directions),
/// then sorts them by time into a <see cref="ScriptedProcess"/>. Stamps are cut to whole microseconds so the same
/// instants can be written with either pcap precision and the ground truth matches both.
/// </summary>
internal sealed class ScriptBuilder
{
    private readonly List<PacketSpec> _packets = [];

    public int Count => _packets.Count;

    /// <summary>Adds a packet and returns the timestamp it will carry.</summary>
    public long Add(PacketSpec packet)
    {
        packet.TimestampNs -= packet.TimestampNs % 1000;
        packet.Order = _packets.Count;
        packet.PayloadLength = PayloadWriter.LengthOf(packet.Payload, packet.PayloadSeed, packet.PayloadLength, packet.Kind == PacketKind.Tcp);
        _packets.Add(packet);
        return packet.TimestampNs;
    }

    /// <summary>The time-ordered script, or null when nothing was added.</summary>
    public ScriptedProcess? Build()
    {
        if (_packets.Count == 0)
        {
            return null;
        }

        PacketSpec[] packets = [.. _packets];
        Array.Sort(packets, static (a, b) => a.TimestampNs != b.TimestampNs ? a.TimestampNs.CompareTo(b.TimestampNs) : a.Order.CompareTo(b.Order));
        return new ScriptedProcess(packets);
    }

    /// <summary>Builds and schedules the script, if any packet was added.</summary>
    public void ScheduleOn(TrafficScheduler scheduler)
    {
        ScriptedProcess? script = Build();
        if (script is not null)
        {
            scheduler.Add(script);
        }
    }
}
