namespace KnockSensor.Generator;

/// <summary>A conversation planned in full when it starts; emits its packets in time order.</summary>
internal sealed class ScriptedProcess : TrafficProcess
{
    private readonly PacketSpec[] _packets;
    private int _next;

    /// <param name="packets">Sorted by time (see <see cref="ScriptBuilder"/>); not empty.</param>
    public ScriptedProcess(PacketSpec[] packets)
    {
        _packets = packets;
        NextTimestampNs = packets[0].TimestampNs;
    }

    public override bool Fire(TrafficScheduler scheduler, out PacketSpec packet)
    {
        packet = _packets[_next++];
        if (_next == _packets.Length)
        {
            IsFinished = true;
        }
        else
        {
            NextTimestampNs = _packets[_next].TimestampNs;
        }

        return true;
    }
}
