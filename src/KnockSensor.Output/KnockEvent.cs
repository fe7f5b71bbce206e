using System.Text.Json;
using KnockSensor.Knocks;
using KnockSensor.Windowing;

namespace KnockSensor.Output;

/// <summary>The <c>knock</c> event: one door's ordered knock, when first assembled and whenever it changes (same id).</summary>
/// <remarks>
/// <c>timestamp</c>, <c>event_type</c>, <c>dest_ip</c>, <c>src_ips</c> and <c>knock</c> are issue 3's contract and keep
/// their names and order. The EVE flow fields of the door's shell connection (<c>src_ip</c>, <c>src_port</c>,
/// <c>dest_port</c>, <c>proto</c>, <c>community_id</c>) come between <c>src_ips</c> and <c>knock</c>, only when there
/// is one; <c>dest_ip</c> is its destination too.
/// </remarks>
public static class KnockEvent
{
    public static void Write(EventLog log, KnockSequence knock)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(knock);
        var json = log.BeginEvent(knock.LastSeenNs, "knock");
        KnockItemJson.WriteAddress(json, "dest_ip"u8, knock.Destination);
        json.WriteStartArray("src_ips"u8);
        foreach (var source in knock.Sources)
        {
            KnockItemJson.WriteAddressValue(json, source);
        }

        json.WriteEndArray();
        if (knock.Connection is { } connection)
        {
            WriteFlow(json, connection);
        }

        json.WriteStartObject("knock"u8);
        json.WriteNumber("id"u8, knock.Id);
        json.WriteStartArray("sequence"u8);
        foreach (var item in knock.Sequence)
        {
            KnockItemJson.WriteItem(json, item);
        }

        json.WriteEndArray();
        if (knock.ShellPort is { } shell)
        {
            json.WritePropertyName("shell_port"u8);
            KnockItemJson.WriteItem(json, shell);
        }

        json.WriteNumber("activations"u8, knock.Activations);
        KnockItemJson.WriteTimestamp(json, "first_seen"u8, knock.FirstSeenNs);
        KnockItemJson.WriteTimestamp(json, "last_seen"u8, knock.LastSeenNs);
        json.WriteNumber("src_ip_count"u8, knock.SourceCount);
        json.WriteBoolean("update"u8, knock.IsUpdate);
        json.WriteEndObject();
        log.EndEvent();
    }

    /// <summary>The shell connection as EVE's top-level flow fields, named and spelled as <c>port_anomaly</c>'s.</summary>
    private static void WriteFlow(Utf8JsonWriter json, in ShellConnection connection)
    {
        KnockItemJson.WriteAddress(json, "src_ip"u8, connection.Source);
        var item = connection.Item;
        switch (item.Protocol)
        {
            case ItemProtocol.Tcp:
            case ItemProtocol.Udp:
                json.WriteNumber("src_port"u8, connection.SourcePort);
                json.WriteNumber("dest_port"u8, item.Slot);
                json.WriteString("proto"u8, item.Protocol == ItemProtocol.Tcp ? "tcp"u8 : "udp"u8);
                break;
            default:
                var icmpv6 = item.Slot >= KnockItem.Icmpv6SlotOffset;
                json.WriteString("proto"u8, icmpv6 ? "icmp6"u8 : "icmp"u8);
                json.WriteNumber("icmp_type"u8, icmpv6 ? item.Slot - KnockItem.Icmpv6SlotOffset : item.Slot);
                break;
        }

        if (CommunityId.Of(connection) is { } communityId)
        {
            json.WriteString("community_id"u8, communityId);
        }
    }
}
