using System.Text.Json;
using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Output;

/// <summary>How knock items and addresses appear in events: <c>{"proto":"tcp","port":999}</c>, <c>{"proto":"icmp","type":8}</c>.</summary>
public static class KnockItemJson
{
    public static void WriteItem(Utf8JsonWriter json, KnockItem item)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        switch (item.Protocol)
        {
            case ItemProtocol.Tcp:
                json.WriteString("proto"u8, "tcp"u8);
                json.WriteNumber("port"u8, item.Slot);
                break;
            case ItemProtocol.Udp:
                json.WriteString("proto"u8, "udp"u8);
                json.WriteNumber("port"u8, item.Slot);
                break;
            default:
                var v6 = item.Slot >= KnockItem.Icmpv6SlotOffset;
                json.WriteString("proto"u8, v6 ? "ipv6-icmp"u8 : "icmp"u8);
                json.WriteNumber("type"u8, v6 ? item.Slot - KnockItem.Icmpv6SlotOffset : item.Slot);
                break;
        }

        json.WriteEndObject();
    }

    /// <summary>One side of a rule: an object for a single item, a list for several.</summary>
    public static void WriteSide(Utf8JsonWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<KnockItem> items)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(name);
        if (items.Length == 1)
        {
            WriteItem(json, items[0]);
            return;
        }

        json.WriteStartArray();
        foreach (var item in items)
        {
            WriteItem(json, item);
        }

        json.WriteEndArray();
    }

    public static void WriteAddress(Utf8JsonWriter json, ReadOnlySpan<byte> name, PacketAddress address)
    {
        ArgumentNullException.ThrowIfNull(json);
        Span<char> text = stackalloc char[64];
        address.TryFormat(text, out var written);
        json.WriteString(name, text[..written]);
    }

    public static void WriteAddressValue(Utf8JsonWriter json, PacketAddress address)
    {
        ArgumentNullException.ThrowIfNull(json);
        Span<char> text = stackalloc char[64];
        address.TryFormat(text, out var written);
        json.WriteStringValue(text[..written]);
    }

    public static void WriteTimestamp(Utf8JsonWriter json, ReadOnlySpan<byte> name, long unixNanoseconds)
    {
        ArgumentNullException.ThrowIfNull(json);
        Span<char> text = stackalloc char[32];
        EventTimestamp.TryFormat(unixNanoseconds, text, out var written);
        json.WriteString(name, text[..written]);
    }
}
