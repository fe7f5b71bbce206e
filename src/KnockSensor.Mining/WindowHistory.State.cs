using KnockSensor.Windowing;

namespace KnockSensor.Mining;

public sealed partial class WindowHistory
{
    private const uint StateTag = 0x4849_5354; // "HIST"
    private const byte StateVersion = 1;

    /// <summary>
    /// Writes the held windows slot by slot (items in first-access order, sequence, start, end) and the ring position.
    /// The per-item counts and the transposed bitmap follow from them, so they are not written.
    /// </summary>
    public void WriteState(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteSection(StateTag, StateVersion);
        writer.Write(Length);
        writer.Write(Count);
        writer.Write(_next);
        writer.Write(WindowsAdded);
        for (var slot = 0; slot < Count; slot++)
        {
            var items = SlotItems(slot);
            writer.Write(items.Length);
            foreach (var item in items)
            {
                writer.WriteItem(item);
            }

            writer.Write(_slotSequence[slot]);
            writer.Write(_slotStartNs[slot]);
            writer.Write(_slotEndNs[slot]);
        }
    }

    /// <summary>Restores what <see cref="WriteState"/> wrote into an empty history of the same length.</summary>
    public void ReadState(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (Count != 0)
        {
            throw new InvalidOperationException("State is restored into an empty history only.");
        }

        reader.ReadSection(StateTag, StateVersion, "window history");
        StateBinary.Expect(reader.ReadInt32(), Length, "history length");
        var count = reader.ReadCount(Length, "held windows");
        var next = reader.ReadCount(Length - 1, "next history slot");
        if (count < Length && next != count)
        {
            StateBinary.ThrowInvalid($"a history of {count}/{Length} windows must write slot {count} next, not {next}");
        }

        var added = reader.ReadInt64();
        for (var slot = 0; slot < count; slot++)
        {
            var length = reader.ReadCount(KnockItem.Count, "items in a history window", 4);
            var items = new KnockItem[length];
            var word = slot >> 6;
            var bit = 1UL << slot;
            for (var i = 0; i < length; i++)
            {
                var item = reader.ReadItem();
                ref var row = ref _membership[(item.Value * WordsPerItem) + word];
                if ((row & bit) != 0)
                {
                    StateBinary.ThrowInvalid($"history slot {slot} lists {item} twice");
                }

                row |= bit;
                if (_itemWindowCounts[item.Value]++ == 0)
                {
                    DistinctItems++;
                }

                items[i] = item;
            }

            _slotItems[slot] = items;
            _slotItemCounts[slot] = length;
            _slotSequence[slot] = reader.ReadInt64();
            _slotStartNs[slot] = reader.ReadInt64();
            _slotEndNs[slot] = reader.ReadInt64();
        }

        Count = count;
        _next = next;
        WindowsAdded = added;
    }
}
