using System.Globalization;
using System.Text;
using KnockSensor.Decode;

namespace KnockSensor.Output;

/// <summary>
/// The plain-text summary printed at the end of an offline run: one fact per line, <c>label: value</c>, so a person
/// can read it and a script can still grep it. The NDJSON stats event carries the same numbers for machines.
/// </summary>
public static class RunSummary
{
    /// <summary>How many destination ports the summary lists.</summary>
    public const int TopPorts = 10;

    /// <summary>Up to this many inputs, the summary lists each one; beyond it, only the damaged ones.</summary>
    public const int MaxListedInputs = 20;

    public static string Format(DecodeCounters counters, IReadOnlyList<InputReport> inputs, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(inputs);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;

        text.AppendLine(c, $"inputs:          {inputs.Count} ({inputs.Count(static i => i.Failed)} damaged)");
        // A directory of hundreds of captures would bury the totals, so past a screenful only damaged inputs are
        // listed; the stats event always carries every input.
        var listAll = inputs.Count <= MaxListedInputs;
        foreach (var input in inputs)
        {
            if (!listAll && !input.Failed)
            {
                continue;
            }

            var status = input.Failed ? $"DAMAGED at byte {input.ErrorOffset.ToString("N0", c)}: {input.Error}" : "ok";
            text.AppendLine(c, $"  {input.Path}: {input.Frames.ToString("N0", c)} packets, {status}");
        }

        if (!listAll)
        {
            text.AppendLine(c, $"  ({inputs.Count(static i => !i.Failed)} inputs read without damage; per-input counts are in the stats event)");
        }

        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        text.AppendLine(c, $"packets:         {counters.Frames.ToString("N0", c)} ({FormatBytes(counters.WireBytes)} on the wire) in {elapsed.TotalSeconds.ToString("F2", c)} s, {(counters.Frames / seconds).ToString("N0", c)} packets/s");
        if (counters.Frames > 0)
        {
            var span = TimeSpan.FromTicks((counters.LastTimestampNs - counters.FirstTimestampNs) / 100);
            text.AppendLine(c, $"time span:       {EventTimestamp.Format(counters.FirstTimestampNs)} .. {EventTimestamp.Format(counters.LastTimestampNs)} ({FormatDuration(span)})");
        }

        text.AppendLine(c, $"ip:              IPv4 {counters.Ipv4.ToString("N0", c)}, IPv6 {counters.Ipv6.ToString("N0", c)}, VLAN-tagged {counters.VlanTagged.ToString("N0", c)}");
        text.AppendLine(c, $"tcp:             {counters.Tcp.ToString("N0", c)} (SYN without ACK: {counters.TcpSyn.ToString("N0", c)})");
        text.AppendLine(c, $"udp:             {counters.Udp.ToString("N0", c)}");
        text.AppendLine(c, $"icmp:            {counters.Icmp.ToString("N0", c)}, ICMPv6 {counters.Icmpv6.ToString("N0", c)}");
        text.AppendLine(c, $"other ip:        {counters.OtherIpProtocol.ToString("N0", c)} other protocols, {counters.LaterFragments.ToString("N0", c)} later fragments");
        text.AppendLine(c, $"not ip:          {counters.NotIp.ToString("N0", c)}");
        text.AppendLine(c, $"snap-truncated:  {counters.SnapTruncated.ToString("N0", c)}");

        text.Append(c, $"malformed:       {counters.Malformed.ToString("N0", c)}");
        for (var reason = MalformedReason.None + 1; (int)reason < MalformedReasons.Count; reason++)
        {
            var count = counters.MalformedBy(reason);
            if (count != 0)
            {
                text.Append(c, $", {MalformedReasons.Label(reason)} {count.ToString("N0", c)}");
            }
        }

        text.AppendLine();
        text.Append(c, $"unsupported link: {counters.UnsupportedLinkType.ToString("N0", c)}");
        foreach (var (linkType, frames) in counters.UnsupportedLinkTypes())
        {
            var name = linkType == DecodeCounters.OtherLinkTypes ? "others" : $"linktype {linkType}";
            text.Append(c, $", {name} {frames.ToString("N0", c)}");
        }

        text.AppendLine();
        var top = counters.TopDestinationPorts(TopPorts);
        text.AppendLine("top destination ports (TCP SYN without ACK, UDP datagrams):");
        if (top.Count == 0)
        {
            text.AppendLine("  none");
        }

        foreach (var (protocol, port, count) in top)
        {
            text.AppendLine(c, $"  {protocol}/{port,-6} {count.ToString("N0", c),12}");
        }

        return text.ToString();
    }

    /// <summary>Bytes in binary units, e.g. <c>6.1 MiB</c>.</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:F1} {units[unit]}");
    }

    private static string FormatDuration(TimeSpan span) =>
        span.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h {span.Minutes}m {span.Seconds}s");
}
