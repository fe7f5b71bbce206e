using System.Collections.Immutable;
using KnockSensor.Windowing;

namespace KnockSensor.Mining;

/// <summary>Writes and reads a <see cref="KnockRule"/> for the state snapshot (items, then the measures, bit for bit).</summary>
public static class KnockRuleBinary
{
    public static void WriteRule(this BinaryWriter writer, KnockRule rule)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rule);
        writer.WriteItems(rule.Antecedent);
        writer.WriteItems(rule.Consequent);
        writer.Write(rule.Support);
        writer.Write(rule.Confidence);
        writer.Write(rule.Interest);
        writer.Write(rule.Lift);
        writer.Write(rule.Windows);
        writer.Write(rule.HistoryWindows);
    }

    public static KnockRule ReadRule(this BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var antecedent = reader.ReadItems();
        var consequent = reader.ReadItems();
        var support = reader.ReadDouble();
        var confidence = reader.ReadDouble();
        var interest = reader.ReadDouble();
        var lift = reader.ReadDouble();
        var windows = reader.ReadInt32();
        return new KnockRule(antecedent, consequent, support, confidence, interest, lift, windows, reader.ReadInt32());
    }

    public static void WriteItems(this BinaryWriter writer, ImmutableArray<KnockItem> items)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(items.Length);
        foreach (var item in items)
        {
            writer.WriteItem(item);
        }
    }

    public static ImmutableArray<KnockItem> ReadItems(this BinaryReader reader)
    {
        var count = reader.ReadCount(KnockItem.Count, "itemset size", 4);
        var builder = ImmutableArray.CreateBuilder<KnockItem>(count);
        for (var i = 0; i < count; i++)
        {
            builder.Add(reader.ReadItem());
        }

        return builder.MoveToImmutable();
    }
}
