using System.Net;
using System.Text.Json;

namespace KnockSensor.Evaluation;

/// <summary>
/// Reading the shared pieces of the truth and the event contract: a <c>{proto, port}</c> or <c>{proto, type}</c>
/// object and a host address. Failures come back as a reason; the caller adds the file and line.
/// </summary>
internal static class JsonItems
{
    public static bool TryReadItem(JsonElement element, out KnockItem item, out string reason)
    {
        item = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            reason = $"an item must be an object, not {element.ValueKind}";
            return false;
        }

        if (!element.TryGetProperty("proto", out JsonElement proto) || proto.ValueKind != JsonValueKind.String || proto.GetString() is not { Length: > 0 } protoText)
        {
            reason = "an item needs a \"proto\" string";
            return false;
        }

        string name = protoText.ToLowerInvariant();
        bool icmp = KnockItem.IsIcmpName(name);
        string field = icmp ? "type" : "port";
        int max = icmp ? 255 : 65_535;
        if (!element.TryGetProperty(field, out JsonElement number) || number.ValueKind != JsonValueKind.Number
            || !number.TryGetInt32(out int value) || value < 0 || value > max)
        {
            reason = $"a {name} item needs a \"{field}\" from 0 to {max}";
            return false;
        }

        item = new KnockItem(name, value);
        reason = "";
        return true;
    }

    /// <summary>An address in canonical form (so "::ffff:…" spellings and leading zeros compare equal).</summary>
    public static bool TryReadAddress(JsonElement element, out string address, out string reason)
    {
        address = "";
        if (element.ValueKind != JsonValueKind.String || !IPAddress.TryParse(element.GetString(), out IPAddress? parsed))
        {
            reason = $"not an IP address: {element.GetRawText()}";
            return false;
        }

        address = parsed.ToString();
        reason = "";
        return true;
    }

    public static bool IsAbsent(JsonElement parent, string name, out JsonElement value) =>
        !parent.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null;
}
