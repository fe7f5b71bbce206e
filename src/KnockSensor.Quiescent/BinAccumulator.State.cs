namespace KnockSensor.Quiescent;

public sealed partial class BinAccumulator
{
    /// <summary>Writes the open bin's keys in slot order with their counters and host sketches.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_slots.Length);
        writer.Write(DroppedPackets);
        writer.Write(_used);
        for (var i = 0; i < _used; i++)
        {
            ref readonly var slot = ref _slots[i];
            writer.Write(slot.Key);
            writer.Write(slot.FlowsIncoming);
            writer.Write(slot.FlowsOutgoing);
            writer.Write(slot.FlowsOther);
            writer.Write(slot.PacketsIncoming);
            writer.Write(slot.PacketsOutgoing);
            writer.Write(slot.PacketsOther);
            writer.Write(slot.BytesIncoming);
            writer.Write(slot.BytesOutgoing);
            writer.Write(slot.BytesOther);
            writer.Write(_sketches.AsSpan(i * SketchBytes, SketchBytes));
        }
    }

    /// <summary>Replaces the open bin's contents with those written by <see cref="WriteState"/> (same capacity).</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateChecks.Expect(reader.ReadInt32(), _slots.Length, "keys per bin");
        DroppedPackets = reader.ReadInt64();
        Reset();
        var used = StateChecks.ReadCount(reader, _slots.Length, "keys in the open bin");
        for (var i = 0; i < used; i++)
        {
            var key = StateChecks.ReadCount(reader, SeriesKey.Count - 1, "open bin key");
            if (_slotOfKey[key] >= 0)
            {
                StateChecks.Throw($"open bin lists key {key} twice");
            }

            ref var slot = ref _slots[i];
            slot.Key = key;
            _slotOfKey[key] = i;
            _used = i + 1;
            slot.FlowsIncoming = reader.ReadInt32();
            slot.FlowsOutgoing = reader.ReadInt32();
            slot.FlowsOther = reader.ReadInt32();
            slot.PacketsIncoming = reader.ReadInt64();
            slot.PacketsOutgoing = reader.ReadInt64();
            slot.PacketsOther = reader.ReadInt64();
            slot.BytesIncoming = reader.ReadInt64();
            slot.BytesOutgoing = reader.ReadInt64();
            slot.BytesOther = reader.ReadInt64();
            var sketches = reader.ReadBytes(SketchBytes);
            if (sketches.Length != SketchBytes)
            {
                throw new EndOfStreamException("open bin sketch cut short");
            }

            sketches.CopyTo(_sketches.AsSpan(i * SketchBytes, SketchBytes));
        }
    }
}
