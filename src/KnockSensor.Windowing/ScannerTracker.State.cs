namespace KnockSensor.Windowing;

public sealed partial class ScannerTracker
{
    /// <summary>Writes the sources in the table (sketch, epoch, flag), the remembered flagged sources in order, and the counts.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_table.Length);
        writer.Write(_threshold);
        writer.Write(_horizonNs);
        writer.Write(Flagged);
        writer.Write(FlaggedEvicted);
        var used = 0;
        foreach (ref readonly var entry in _table.AsSpan())
        {
            used += entry.InUse ? 1 : 0;
        }

        writer.Write(used);
        for (var i = 0; i < _table.Length; i++)
        {
            ref readonly var entry = ref _table[i];
            if (!entry.InUse)
            {
                continue;
            }

            writer.Write(i);
            writer.WriteAddress(entry.Source);
            writer.Write(entry.EpochStartNs);
            writer.Write(entry.FlaggedUntilNs);
            for (var w = 0; w < 4; w++)
            {
                writer.Write(entry.Sketch[w]);
            }
        }

        writer.Write(_rememberedOrder.Count);
        foreach (var source in _rememberedOrder)
        {
            writer.WriteAddress(source);
        }
    }

    /// <summary>Replaces the tracker's contents with those written by <see cref="WriteState"/> (same size, threshold and horizon).</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateBinary.Expect(reader.ReadInt32(), _table.Length, "scanner table size");
        StateBinary.Expect(reader.ReadInt32(), _threshold, "scanner threshold");
        StateBinary.Expect(reader.ReadInt64(), _horizonNs, "scanner horizon (ns)");
        Flagged = reader.ReadInt64();
        FlaggedEvicted = reader.ReadInt64();
        Array.Clear(_table);
        var used = reader.ReadCount(_table.Length, "scanner table entries");
        for (var n = 0; n < used; n++)
        {
            var index = reader.ReadCount(_table.Length - 1, "scanner table index");
            ref var entry = ref _table[index];
            entry.InUse = true;
            entry.Source = reader.ReadAddress();
            entry.EpochStartNs = reader.ReadInt64();
            entry.FlaggedUntilNs = reader.ReadInt64();
            for (var w = 0; w < 4; w++)
            {
                entry.Sketch[w] = reader.ReadUInt64();
            }
        }

        _remembered.Clear();
        _rememberedOrder.Clear();
        var remembered = reader.ReadCount(MaxRemembered, "remembered scanners", 16);
        for (var n = 0; n < remembered; n++)
        {
            var source = reader.ReadAddress();
            if (!_remembered.Add(source))
            {
                StateBinary.ThrowInvalid("a remembered scanner is listed twice");
            }

            _rememberedOrder.Enqueue(source);
        }
    }
}
