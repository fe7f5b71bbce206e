using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

internal sealed partial class AccessLogHistory
{
    /// <summary>Writes every slot's log (slots the history does not hold yet are empty).</summary>
    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_logs.Length);
        for (var slot = 0; slot < _logs.Length; slot++)
        {
            var log = Log(slot);
            writer.Write(log.Length);
            foreach (ref readonly var access in log)
            {
                writer.WriteAccess(access);
            }
        }
    }

    public void ReadState(BinaryReader reader)
    {
        StateBinary.Expect(reader.ReadInt32(), _logs.Length, "access log slots");
        for (var slot = 0; slot < _logs.Length; slot++)
        {
            var count = reader.ReadCount(1 << 26, "accesses in a logged window", StateBinary.AccessBytes);
            var log = new WindowAccess[count];
            for (var i = 0; i < count; i++)
            {
                log[i] = reader.ReadAccess();
            }

            _logs[slot] = log;
            _counts[slot] = count;
        }
    }
}
