namespace KnockSensor.Quiescent;

public sealed partial class FlowTable
{
    /// <summary>Writes the used slots (index, fingerprint, last packet time) and the counters.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_slots.Length);
        writer.Write(_idleTimeoutNs);
        writer.Write(Evicted);
        writer.Write(Started);
        var used = 0;
        foreach (ref readonly var slot in _slots.AsSpan())
        {
            used += slot.Fingerprint != 0 ? 1 : 0;
        }

        writer.Write(used);
        for (var i = 0; i < _slots.Length; i++)
        {
            ref readonly var slot = ref _slots[i];
            if (slot.Fingerprint != 0)
            {
                writer.Write(i);
                writer.Write(slot.Fingerprint);
                writer.Write(slot.LastSeenNs);
            }
        }
    }

    /// <summary>Replaces the table's contents with those written by <see cref="WriteState"/> (same capacity and timeout).</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateChecks.Expect(reader.ReadInt32(), _slots.Length, "flow table capacity");
        StateChecks.Expect(reader.ReadInt64(), _idleTimeoutNs, "flow idle timeout (ns)");
        Evicted = reader.ReadInt64();
        Started = reader.ReadInt64();
        Array.Clear(_slots);
        var used = StateChecks.ReadCount(reader, _slots.Length, "flow table entries");
        for (var n = 0; n < used; n++)
        {
            var index = StateChecks.ReadCount(reader, _slots.Length - 1, "flow table index");
            _slots[index].Fingerprint = reader.ReadUInt64();
            _slots[index].LastSeenNs = reader.ReadInt64();
        }
    }
}
