using KnockSensor.Knocks;

namespace KnockSensor.Output;

/// <summary>The <c>knock</c> event: one door's ordered knock, when first assembled and whenever it changes (same id).</summary>
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
}
