using System.Globalization;
using KnockSensor.Decode;
using KnockSensor.Quiescent;

namespace KnockSensor.Output;

/// <summary>
/// The <c>port_anomaly</c> event: one key whose flows in one bin rose far above its cluster's median (the quiescent-port
/// monitor). Its field names and order are a contract (docs/events.md); fields after <c>cluster</c> may grow.
/// </summary>
public static class PortAnomalyEvent
{
    public static void Write(EventLog log, PortAnomaly anomaly)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(anomaly);

        var protocol = SeriesKey.ProtocolName(anomaly.Key);
        var isPort = anomaly.Protocol is IpProtocol.Tcp or IpProtocol.Udp;
        var isIcmp = anomaly.Protocol is IpProtocol.Icmp or IpProtocol.Icmpv6;

        // Stamped at the end of the bin: the moment the anomaly could be known.
        var json = log.BeginEvent(anomaly.BinEndNs, "port_anomaly");
        if (isPort)
        {
            json.WriteNumber("dest_port"u8, anomaly.Port);
        }

        json.WriteString("proto"u8, protocol);
        if (isIcmp)
        {
            json.WriteNumber("icmp_type"u8, anomaly.Port >> 8);
            json.WriteNumber("icmp_code"u8, anomaly.Port & 0xFF);
        }

        json.WriteStartObject("port_anomaly"u8);
        json.WriteString("proto"u8, protocol);
        json.WriteNumber("port"u8, anomaly.Port);
        Span<char> binStart = stackalloc char[24];
        DateTime.UnixEpoch.AddTicks(anomaly.BinStartNs / 100).TryFormat(binStart, out var written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        json.WriteString("bin_start"u8, binStart[..written]);
        json.WriteNumber("bin_seconds"u8, anomaly.BinSeconds);
        json.WriteNumber("flows"u8, anomaly.Flows);
        WriteTenths(json, "expected"u8, anomaly.Expected);
        WriteTenths(json, "score"u8, anomaly.Score);
        json.WriteNumber("sources"u8, anomaly.Sources);
        json.WriteNumber("destinations"u8, anomaly.Destinations);
        json.WriteString("classification"u8, anomaly.ClassificationName);
        json.WriteNumber("cluster"u8, anomaly.Cluster);
        json.WriteNumber("cluster_size"u8, anomaly.ClusterSize);
        WriteTenths(json, "expected_sources"u8, anomaly.ExpectedSources);
        json.WriteNumber("consecutive_bins"u8, anomaly.ConsecutiveBins);
        json.WriteNumber("packets"u8, anomaly.Packets);
        json.WriteNumber("bytes"u8, anomaly.Bytes);
        if (isIcmp)
        {
            json.WriteNumber("icmp_type"u8, anomaly.Port >> 8);
            json.WriteNumber("icmp_code"u8, anomaly.Port & 0xFF);
        }

        json.WriteEndObject();
        log.EndEvent();
    }

    /// <summary>Writes every anomaly in <paramref name="anomalies"/> in order.</summary>
    public static void WriteAll(EventLog log, IEnumerable<PortAnomaly> anomalies)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        foreach (var anomaly in anomalies)
        {
            Write(log, anomaly);
        }
    }

    /// <summary>One decimal, always written (<c>3.0</c>, <c>35.2</c>), as in the contract's example.</summary>
    private static void WriteTenths(System.Text.Json.Utf8JsonWriter json, ReadOnlySpan<byte> name, double value)
    {
        Span<byte> text = stackalloc byte[32];
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        rounded.TryFormat(text, out var length, "0.0", CultureInfo.InvariantCulture);
        json.WritePropertyName(name);
        json.WriteRawValue(text[..length], skipInputValidation: true);
    }
}
