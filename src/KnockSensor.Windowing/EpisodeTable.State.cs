namespace KnockSensor.Windowing;

public sealed partial class EpisodeTable
{
    /// <summary>Writes the used entries (index and contents) and the eviction count.</summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_table.Length);
        writer.Write(LiveEvicted);
        var used = 0;
        foreach (ref readonly var entry in _table.AsSpan())
        {
            used += IsUsed(entry) ? 1 : 0;
        }

        writer.Write(used);
        for (var i = 0; i < _table.Length; i++)
        {
            ref readonly var entry = ref _table[i];
            if (IsUsed(entry))
            {
                writer.Write(i);
                writer.Write(entry.Key);
                writer.Write(entry.Generation);
                writer.Write(entry.LastNs);
                writer.Write(entry.Accesses);
            }
        }
    }

    /// <summary>Replaces the table's contents with those written by <see cref="WriteState"/> (same table size).</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateBinary.Expect(reader.ReadInt32(), _table.Length, "episode table size");
        LiveEvicted = reader.ReadInt64();
        Array.Clear(_table);
        var used = reader.ReadCount(_table.Length, "episode table entries");
        for (var n = 0; n < used; n++)
        {
            var index = reader.ReadCount(_table.Length - 1, "episode table index");
            ref var entry = ref _table[index];
            entry.Key = reader.ReadUInt64();
            entry.Generation = reader.ReadInt64();
            entry.LastNs = reader.ReadInt64();
            entry.Accesses = reader.ReadInt32();
        }
    }

    private static bool IsUsed(in Entry entry) => entry.Key != 0 || entry.Generation != 0 || entry.LastNs != 0 || entry.Accesses != 0;
}
