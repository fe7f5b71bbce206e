using System.Globalization;
using System.Text.Json;
using KnockSensor.IntegrationTests.Infrastructure;
using KnockSensor.IntegrationTests.Live;

namespace KnockSensor.IntegrationTests.Web;

/// <summary>
/// A real Prometheus server (Debian's, 2.42) scrapes the published binary every second while it captures traffic with
/// a knock in it; the test reads the results back through Prometheus' HTTP query API, as a dashboard would.
/// Also: the exposition passes <c>promtool check metrics</c>.
/// </summary>
public sealed class PrometheusScrapeTests : IDisposable
{
    private const string PrometheusAddress = "127.0.0.1:19090";

    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Prometheus_scrapes_the_live_sensor_and_sees_packets_move_and_the_knock()
    {
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch, "--window-size", "20");
        File.WriteAllText(_scratch.File("prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: knocksensor
                static_configs:
                  - targets: ['{WebLab.Endpoint}']
            """);
        using var prometheus = WebLab.StartInB(lab, "/usr/bin/prometheus", "--config.file=" + _scratch.File("prometheus.yml"), "--storage.tsdb.path=" + _scratch.File("tsdb"), "--web.listen-address=" + PrometheusAddress);
        WebLab.WaitFor(() => Query(lab, "up{job=\"knocksensor\"}") == 1, TimeSpan.FromSeconds(30), () => "Prometheus never scraped the sensor: " + prometheus.Output);
        var packetsBefore = Query(lab, "knocksensor_packets_total") ?? 0;

        // The traffic of LiveKnockTests without the scan: rounds of ordinary connection attempts, knockd's client knocking
        // in four of them, then enough further attempts (75 windows of 20) for the knock windows to be mined.
        for (var round = 1; round <= 14; round++)
        {
            lab.InA($"bash -c 'for i in $(seq 7); do for p in 80 443 25; do (echo > /dev/tcp/{LiveLab.AddressB}/$p) 2>/dev/null; done; done; true'");
            if (round % 3 == 0 && round <= 12)
            {
                lab.InA($"knock -d 50 {LiveLab.AddressB} 7000 8000:udp 9000");
            }
        }

        lab.InA($"hping3 -S -p 80 -i u500 -c 1500 {LiveLab.AddressB}", TimeSpan.FromSeconds(60));

        WebLab.WaitFor(() => Query(lab, "knocksensor_knocks_detected_total") >= 1, TimeSpan.FromSeconds(30), () => "Prometheus never saw a knock: " + sensor.StandardError);
        var packets = Query(lab, "knocksensor_packets_total");
        var tcp = Query(lab, "knocksensor_port_events_total{proto=\"tcp\"}");
        var windows = Query(lab, "knocksensor_windows_closed_total");
        var rules = Query(lab, "count(knocksensor_knock_rule_top)");

        // Asked while the sensor runs: once it stops, Prometheus marks its series stale at the next failed scrape.
        var buildInfo = Query(lab, "knocksensor_build_info");
        var run = sensor.Terminate(TimeSpan.FromSeconds(3));
        Assert.True(run.ExitCode == 0, run.StandardError);

        // At least the 14 x 21 attempts, the 1500 SYNs and the 12 knock packets, each answered by a RST; the series
        // moved while Prometheus watched.
        Assert.True(packets - packetsBefore >= (14 * 21) + 1500 + 12, $"packets went from {packetsBefore} to {packets}");
        Assert.True(tcp >= (14 * 21) + 1500 + 8, $"tcp port events: {tcp}");
        // How many of the ~90 windows are closed at the scrape depends on timing (up to 64 stay open for late episode
        // members); the knock needs several closed.
        Assert.True(windows >= 3, $"windows closed: {windows}");
        Assert.True(rules is >= 1 and <= 20, $"top-N rule series: {rules}");

        // Prometheus' number agrees with the sensor's own final count (which can only be higher, later).
        Assert.True(run.Stat("packets") >= packets, $"the sensor counted {run.Stat("packets")} frames, Prometheus saw {packets}");
        Assert.Equal(1, buildInfo);
    }

    [Fact]
    public void The_exposition_passes_promtool_check_metrics()
    {
        using var lab = new LiveLab();
        var sensor = lab.StartSensor(_scratch);
        lab.InA($"hping3 -S -p 80 -i u1000 -c 100 {LiveLab.AddressB}", TimeSpan.FromSeconds(30));
        Thread.Sleep(1200);

        var exposition = _scratch.File("metrics.txt");
        var fetch = WebLab.InB(lab, $"curl -sf http://{WebLab.Endpoint}/metrics -o {exposition}");
        Assert.True(fetch.ExitCode == 0, fetch.StandardError);
        var check = ProcessRunner.Run("promtool", ["check", "metrics"], standardInputFile: exposition);
        sensor.Terminate(TimeSpan.FromSeconds(3));

        Assert.True(check.ExitCode == 0, check.StandardOutput + check.StandardError);
        var text = File.ReadAllText(exposition);
        Assert.Contains("# TYPE knocksensor_packets_total counter", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^knocksensor_packets_total [1-9]", text);
    }

    /// <summary>The value of an instant query with one result, or null when it has none.</summary>
    private static double? Query(LiveLab lab, string query)
    {
        var result = WebLab.InB(lab, $"curl -sf --max-time 5 http://{PrometheusAddress}/api/v1/query --data-urlencode 'query={query}'");
        if (result.ExitCode != 0)
        {
            return null;
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        var results = json.RootElement.GetProperty("data").GetProperty("result");
        return results.GetArrayLength() == 1
            ? double.Parse(results[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
            : null;
    }
}
