using KnockSensor.Knocks;

namespace KnockSensor.Output;

/// <summary>The <c>knock_rule</c> event: a rare association rule, the first time it is mined (contract in docs/events.md).</summary>
public static class KnockRuleEvent
{
    public static void Write(EventLog log, ReportedRule reported)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(reported);
        var rule = reported.Rule;
        var json = log.BeginEvent(reported.TimestampNs, "knock_rule");
        if (reported.Destination is { } host)
        {
            KnockItemJson.WriteAddress(json, "dest_ip"u8, host);
        }

        json.WriteStartObject("knock_rule"u8);
        KnockItemJson.WriteSide(json, "antecedent"u8, rule.Antecedent.AsSpan());
        KnockItemJson.WriteSide(json, "consequent"u8, rule.Consequent.AsSpan());
        json.WriteNumber("support"u8, Math.Round(rule.Support, 6));
        json.WriteNumber("confidence"u8, Math.Round(rule.Confidence, 6));
        json.WriteNumber("interest"u8, Math.Round(rule.Interest, 6));
        json.WriteNumber("lift"u8, Math.Round(rule.Lift, 4));
        json.WriteNumber("windows"u8, rule.Windows);
        json.WriteNumber("history_windows"u8, rule.HistoryWindows);
        json.WriteNumber("host_windows"u8, reported.HostWindows);
        json.WriteEndObject();
        log.EndEvent();
    }
}
