namespace KnockSensor.Quiescent;

public sealed partial class QuiescentState
{
    /// <summary>
    /// Writes the learned state: totals, every handed-out slot (key, both rings, last active bin, cluster, baseline,
    /// streak), the free-slot stack and the cluster model. <see cref="SeriesOfKey"/> is the inverse of the slot keys,
    /// so it is rebuilt, not written. Array capacities are kept so later growth happens at the same points.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(SchemaVersion);
        writer.Write(BinSeconds);
        writer.Write(HistoryBins);
        writer.Write(BinsClosed);
        writer.Write(LastClosedBin);
        writer.Write(ModelBuiltAtBin);
        writer.Write(AllPairsKeys);
        writer.Write(PairsCorrelated);
        writer.Write(ProfileAssignedKeys);
        writer.Write(Anomalies);
        writer.Write(UntrackedKeyBins);
        writer.Write(SlotKeys.Length);
        writer.Write(SlotCount);
        for (var slot = 0; slot < SlotCount; slot++)
        {
            writer.Write(SlotKeys[slot]);
            WriteRing(writer, SlotFlows[slot]);
            WriteRing(writer, SlotSources[slot]);
            writer.Write(SlotLastActiveBin[slot]);
            writer.Write(SlotCluster[slot]);
            writer.Write(SlotFlowRatio[slot]);
            writer.Write(SlotFlowOffset[slot]);
            writer.Write(SlotFlowScale[slot]);
            writer.Write(SlotSourceRatio[slot]);
            writer.Write(SlotSourceOffset[slot]);
            writer.Write(SlotSourceScale[slot]);
            writer.Write(SlotStreak[slot]);
            writer.Write(SlotStreakLastBin[slot]);
        }

        writer.Write(FreeSlots.Length);
        writer.Write(FreeSlotCount);
        for (var i = 0; i < FreeSlotCount; i++)
        {
            writer.Write(FreeSlots[i]);
        }

        writer.Write(ClusterStart.Length);
        foreach (var start in ClusterStart)
        {
            writer.Write(start);
        }

        writer.Write(ClusterMembers.Length);
        foreach (var member in ClusterMembers)
        {
            writer.Write(member);
        }
    }

    /// <summary>Replaces this state with what <see cref="WriteState"/> wrote (same bin length and history).</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        StateChecks.Expect(reader.ReadInt32(), SchemaVersion, "quiescent state schema version");
        StateChecks.Expect(reader.ReadInt32(), BinSeconds, "bin seconds");
        StateChecks.Expect(reader.ReadInt32(), HistoryBins, "history bins");
        BinsClosed = reader.ReadInt64();
        LastClosedBin = reader.ReadInt64();
        ModelBuiltAtBin = reader.ReadInt64();
        AllPairsKeys = reader.ReadInt32();
        PairsCorrelated = reader.ReadInt64();
        ProfileAssignedKeys = reader.ReadInt32();
        Anomalies = reader.ReadInt64();
        UntrackedKeyBins = reader.ReadInt64();
        var capacity = StateChecks.ReadCount(reader, SeriesKey.Count * 2, "slot capacity");
        var count = StateChecks.ReadCount(reader, capacity, "slots handed out", 4 + (2 * 9) + 8 + 4 + 48 + 4 + 8);
        if (capacity > Math.Max(256, 2 * count))
        {
            // Slot arrays grow by doubling from 256, so a larger capacity is damage (and would cost memory for nothing).
            StateChecks.Throw($"slot capacity {capacity} for {count} slots");
        }

        SlotKeys = new int[capacity];
        SlotFlows = new ushort[capacity][];
        SlotSources = new ushort[capacity][];
        SlotLastActiveBin = new long[capacity];
        SlotCluster = new int[capacity];
        SlotFlowRatio = new double[capacity];
        SlotFlowOffset = new double[capacity];
        SlotFlowScale = new double[capacity];
        SlotSourceRatio = new double[capacity];
        SlotSourceOffset = new double[capacity];
        SlotSourceScale = new double[capacity];
        SlotStreak = new int[capacity];
        SlotStreakLastBin = new long[capacity];
        SeriesOfKey.AsSpan().Fill(-1);
        for (var slot = 0; slot < count; slot++)
        {
            var key = reader.ReadInt32();
            if (key < -1 || key >= SeriesKey.Count || (key >= 0 && SeriesOfKey[key] >= 0))
            {
                StateChecks.Throw($"slot {slot} has key {key}, which is out of range or held by another slot");
            }

            SlotKeys[slot] = key;
            if (key >= 0)
            {
                SeriesOfKey[key] = slot;
            }

            SlotFlows[slot] = ReadRing(reader, HistoryBins);
            SlotSources[slot] = ReadRing(reader, HistoryBins);
            SlotLastActiveBin[slot] = reader.ReadInt64();
            SlotCluster[slot] = reader.ReadInt32();
            SlotFlowRatio[slot] = reader.ReadDouble();
            SlotFlowOffset[slot] = reader.ReadDouble();
            SlotFlowScale[slot] = reader.ReadDouble();
            SlotSourceRatio[slot] = reader.ReadDouble();
            SlotSourceOffset[slot] = reader.ReadDouble();
            SlotSourceScale[slot] = reader.ReadDouble();
            SlotStreak[slot] = reader.ReadInt32();
            SlotStreakLastBin[slot] = reader.ReadInt64();
        }

        SlotCount = count;
        var freeCapacity = StateChecks.ReadCount(reader, SeriesKey.Count * 2, "free slot capacity");
        FreeSlotCount = StateChecks.ReadCount(reader, Math.Min(freeCapacity, count), "free slots", 4);
        if (freeCapacity > Math.Max(16, 2 * count))
        {
            StateChecks.Throw($"free slot capacity {freeCapacity} for {count} slots");
        }

        FreeSlots = new int[freeCapacity];
        for (var i = 0; i < FreeSlotCount; i++)
        {
            FreeSlots[i] = StateChecks.ReadCount(reader, count - 1, "free slot");
            if (SlotKeys[FreeSlots[i]] != -1)
            {
                StateChecks.Throw($"free slot {FreeSlots[i]} still holds key {SlotKeys[FreeSlots[i]]}");
            }
        }

        var starts = StateChecks.ReadCount(reader, count + 1, "cluster starts", 4);
        if (starts < 1)
        {
            StateChecks.Throw("the cluster model has no start entry");
        }

        ClusterStart = new int[starts];
        for (var i = 0; i < starts; i++)
        {
            ClusterStart[i] = reader.ReadInt32();
        }

        var members = StateChecks.ReadCount(reader, count, "cluster members", 4);
        ClusterMembers = new int[members];
        for (var i = 0; i < members; i++)
        {
            ClusterMembers[i] = StateChecks.ReadCount(reader, count - 1, "cluster member");
        }

        for (var c = 0; c < starts - 1; c++)
        {
            if (ClusterStart[c] < 0 || ClusterStart[c] > ClusterStart[c + 1] || ClusterStart[c + 1] > members)
            {
                StateChecks.Throw($"cluster {c} spans {ClusterStart[c]}..{ClusterStart[c + 1]} of {members} members");
            }
        }

        for (var slot = 0; slot < count; slot++)
        {
            if (SlotCluster[slot] < -1 || SlotCluster[slot] >= starts - 1)
            {
                StateChecks.Throw($"slot {slot} is in cluster {SlotCluster[slot]} of {starts - 1}");
            }
        }
    }

    /// <summary>
    /// A ring as its length, then either its non-zero entries as (index, value) pairs, when that is shorter, or every
    /// entry: most ports are active in a few bins of the history, so most rings are nearly all zeros.
    /// </summary>
    private static void WriteRing(BinaryWriter writer, ushort[] ring)
    {
        writer.Write(ring.Length);
        var nonZero = 0;
        foreach (var value in ring)
        {
            nonZero += value != 0 ? 1 : 0;
        }

        // Six bytes a sparse entry (the history may exceed 65,536 bins), two a dense one.
        var sparse = 3 * nonZero < ring.Length;
        writer.Write(sparse);
        if (sparse)
        {
            writer.Write(nonZero);
            for (var i = 0; i < ring.Length; i++)
            {
                if (ring[i] != 0)
                {
                    writer.Write(i);
                    writer.Write(ring[i]);
                }
            }

            return;
        }

        foreach (var value in ring)
        {
            writer.Write(value);
        }
    }

    private static ushort[] ReadRing(BinaryReader reader, int length)
    {
        StateChecks.Expect(reader.ReadInt32(), length, "history ring length");
        var ring = new ushort[length];
        if (reader.ReadBoolean())
        {
            var nonZero = StateChecks.ReadCount(reader, length, "non-zero ring entries", 6);
            for (var n = 0; n < nonZero; n++)
            {
                var index = reader.ReadInt32();
                if ((uint)index >= (uint)length)
                {
                    StateChecks.Throw($"ring entry {index} of a {length}-bin history");
                }

                ring[index] = reader.ReadUInt16();
            }

            return ring;
        }

        for (var i = 0; i < ring.Length; i++)
        {
            ring[i] = reader.ReadUInt16();
        }

        return ring;
    }
}
