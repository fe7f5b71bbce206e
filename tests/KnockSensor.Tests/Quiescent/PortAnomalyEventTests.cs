using System.Text;
using System.Text.Json;
using KnockSensor.Output;
using KnockSensor.Quiescent;

namespace KnockSensor.Tests.Quiescent;

public sealed class PortAnomalyEventTests
{
    [Fact]
    public void Writes_the_contract_of_issue_4_field_for_field_then_the_extra_fields()
    {
        // The issue's example: 4012 flows to 42/tcp in the 05:00 hour from one source to 254 destinations.
        var binStart = new DateTimeOffset(2023, 11, 19, 5, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;
        var anomaly = new PortAnomaly(SeriesKey.Tcp(42), binStart, 3600, 4012, 3.0, 35.2, 1, 2.04, 254, AnomalyClassification.Localized, 0, 133, 0, 4100, 246_000);

        var line = Write(anomaly);

        const string Contract = """{"timestamp":"2023-11-19T06:00:00.000000Z","event_type":"port_anomaly","dest_port":42,"proto":"tcp","port_anomaly":{"proto":"tcp","port":42,"bin_start":"2023-11-19T05:00:00Z","bin_seconds":3600,"flows":4012,"expected":3.0,"score":35.2,"sources":1,"destinations":254,"classification":"localized","cluster":0""";
        Assert.StartsWith(Contract, line, StringComparison.Ordinal);
        Assert.Equal(Contract + ""","cluster_size":133,"expected_sources":2.0,"consecutive_bins":0,"packets":4100,"bytes":246000}}""" + "\n", line);
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal(3.0, parsed.RootElement.GetProperty("port_anomaly").GetProperty("expected").GetDouble());
    }

    [Theory]
    [InlineData(AnomalyClassification.Localized, "localized")]
    [InlineData(AnomalyClassification.HorizontalScan, "horizontal_scan")]
    [InlineData(AnomalyClassification.Worm, "worm")]
    public void Classifications_use_the_contract_names(AnomalyClassification classification, string expected)
    {
        var anomaly = new PortAnomaly(SeriesKey.Udp(1434), 0, 60, 100, 0, 100, 50, 0, 80, classification, -1, 1, 3, 100, 6000);
        using var parsed = JsonDocument.Parse(Write(anomaly));
        var body = parsed.RootElement.GetProperty("port_anomaly");
        Assert.Equal(expected, body.GetProperty("classification").GetString());
        Assert.Equal("udp", parsed.RootElement.GetProperty("proto").GetString());
        Assert.Equal(1434, parsed.RootElement.GetProperty("dest_port").GetInt32());
        Assert.Equal(-1, body.GetProperty("cluster").GetInt32());
        Assert.Equal("1970-01-01T00:01:00.000000Z", parsed.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Icmp_anomalies_name_type_and_code_instead_of_a_port()
    {
        var anomaly = new PortAnomaly(SeriesKey.IcmpBase + (3 << 8) + 3, 0, 3600, 100, 0, 100, 50, 0, 80, AnomalyClassification.HorizontalScan, -1, 1, 1, 100, 6000);
        using var parsed = JsonDocument.Parse(Write(anomaly));
        var root = parsed.RootElement;
        Assert.False(root.TryGetProperty("dest_port", out _));
        Assert.Equal("icmp", root.GetProperty("proto").GetString());
        Assert.Equal((3, 3), (root.GetProperty("icmp_type").GetInt32(), root.GetProperty("icmp_code").GetInt32()));
        Assert.Equal(3 * 256 + 3, root.GetProperty("port_anomaly").GetProperty("port").GetInt32());
    }

    private static string Write(PortAnomaly anomaly)
    {
        using var stream = new MemoryStream();
        using (var log = EventLog.Create(stream))
        {
            PortAnomalyEvent.Write(log, anomaly);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
