using KnockSensor.Decode;

namespace KnockSensor.Output;

/// <summary>
/// The <c>stats</c> event: the decoder's totals, written last in an offline run (and periodically when live).
/// Its field names are a contract (docs/events.md).
/// </summary>
public static class StatsEvent
{
    public static void Write(EventLog log, DecodeCounters counters, IReadOnlyList<InputReport> inputs, long timestampNs)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(inputs);

        var json = log.BeginEvent(timestampNs, "stats");
        json.WriteStartObject("stats"u8);
        json.WriteNumber("packets"u8, counters.Frames);
        json.WriteNumber("bytes"u8, counters.WireBytes);
        json.WriteNumber("captured_bytes"u8, counters.CapturedBytes);
        json.WriteNumber("ipv4"u8, counters.Ipv4);
        json.WriteNumber("ipv6"u8, counters.Ipv6);
        json.WriteNumber("vlan_tagged"u8, counters.VlanTagged);
        json.WriteNumber("tcp"u8, counters.Tcp);
        json.WriteNumber("tcp_syn"u8, counters.TcpSyn);
        json.WriteNumber("udp"u8, counters.Udp);
        json.WriteNumber("icmp"u8, counters.Icmp);
        json.WriteNumber("icmpv6"u8, counters.Icmpv6);
        json.WriteNumber("other_ip_protocol"u8, counters.OtherIpProtocol);
        json.WriteNumber("first_fragments"u8, counters.FirstFragments);
        json.WriteNumber("later_fragments"u8, counters.LaterFragments);
        json.WriteNumber("snap_truncated"u8, counters.SnapTruncated);
        json.WriteNumber("not_ip"u8, counters.NotIp);

        json.WriteStartObject("malformed"u8);
        for (var reason = MalformedReason.None + 1; (int)reason < MalformedReasons.Count; reason++)
        {
            json.WriteNumber(MalformedReasons.Label(reason), counters.MalformedBy(reason));
        }

        json.WriteEndObject();
        json.WriteNumber("malformed_total"u8, counters.Malformed);

        json.WriteStartObject("unsupported_link_types"u8);
        foreach (var (linkType, frames) in counters.UnsupportedLinkTypes())
        {
            json.WriteNumber(linkType == DecodeCounters.OtherLinkTypes ? "other" : linkType.ToString(System.Globalization.CultureInfo.InvariantCulture), frames);
        }

        json.WriteEndObject();

        json.WriteStartArray("inputs"u8);
        foreach (var input in inputs)
        {
            json.WriteStartObject();
            json.WriteString("path"u8, input.Path);
            json.WriteNumber("packets"u8, input.Frames);
            json.WriteNumber("bytes"u8, input.Bytes);
            if (input.Failed)
            {
                json.WriteNumber("error_offset"u8, input.ErrorOffset);
                json.WriteString("error"u8, input.Error);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        log.EndEvent();
    }
}
