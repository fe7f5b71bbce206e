using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KnockSensor.IntegrationTests.Infrastructure;

namespace KnockSensor.IntegrationTests.Packaging;

/// <summary>
/// Every metric the shipped alerts and dashboard query is one the published binary really exposes: the AOT binary
/// captures on <c>lo</c> (root, as in CI) with its metrics endpoint on a free loopback port, and the names come from
/// its <c>/metrics</c> page. Together with <see cref="PackagedMetricsTests"/> this ties the package to the binary,
/// not only to the contract.
/// </summary>
public sealed class ExposedMetricsTests : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public async Task Every_metric_the_alerts_and_the_dashboard_query_is_exposed_by_the_binary()
    {
        var port = FreeLoopbackPort();
        var exposition = await ScrapeRunningSensor(
            ["-i", "lo", "--web.listen-address", $"127.0.0.1:{port}", "--events", _scratch.File("events.json"), "--no-progress"],
            new Uri($"http://127.0.0.1:{port}/metrics"));
        var exposed = ExposedNames(exposition);
        Assert.Contains("knocksensor_build_info", exposed);

        var missing = PackagedQueries.All()
            .SelectMany(q => PromQlMetricNames.Of(q.Expression).Select(name => (q.Source, Name: name)))
            .Where(x => x.Name != "up" && !exposed.Contains(x.Name))
            .Select(x => $"{x.Source}: {x.Name}")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, "queried but not exposed by the binary:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_exposition_parser_reads_types_samples_and_histogram_parts()
    {
        var names = ExposedNames("""
            # HELP knocksensor_packets_total Frames.
            # TYPE knocksensor_packets_total counter
            knocksensor_packets_total 12
            # TYPE knocksensor_knock_rule_top gauge
            # TYPE knocksensor_scrape_seconds histogram
            knocksensor_scrape_seconds_bucket{le="0.1"} 1
            knocksensor_scrape_seconds_sum 0.05
            knocksensor_scrape_seconds_count 1
            # TYPE knocksensor_events counter
            knocksensor_events_total{kind="a"} 3
            """);
        Assert.Equal(
            ["knocksensor_events", "knocksensor_events_total", "knocksensor_knock_rule_top", "knocksensor_packets_total", "knocksensor_scrape_seconds"],
            names.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Metric names on an exposition page: the names in <c># TYPE</c> lines (a labelled metric with no series yet
    /// still has one) and in sample lines, with histogram and summary parts (<c>_bucket</c>, <c>_sum</c>,
    /// <c>_count</c>) folded into their metric; an OpenMetrics-style counter TYPE without <c>_total</c> also
    /// counts as its <c>_total</c> sample name.
    /// </summary>
    public static HashSet<string> ExposedNames(string exposition)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var histogramLike = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in exposition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                names.Add(parts[2]);
                if (parts[3] is "histogram" or "summary")
                {
                    histogramLike.Add(parts[2]);
                }
                else if (parts[3] == "counter" && !parts[2].EndsWith("_total", StringComparison.Ordinal))
                {
                    names.Add(parts[2] + "_total");
                }
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                var name = line[..line.IndexOfAny(['{', ' '])];
                foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
                {
                    if (name.EndsWith(suffix, StringComparison.Ordinal) && histogramLike.Contains(name[..^suffix.Length]))
                    {
                        name = name[..^suffix.Length];
                    }
                }

                names.Add(name);
            }
        }

        return names;
    }

    private static async Task<string> ScrapeRunningSensor(IEnumerable<string> arguments, Uri metrics)
    {
        var info = new ProcessStartInfo(Repository.SensorBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the sensor");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/plain; version=0.0.4");
        try
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                if (process.HasExited)
                {
                    Assert.Fail($"the sensor exited with {process.ExitCode} before serving /metrics: {await stderr}");
                }
                try
                {
                    using var response = await http.GetAsync(metrics);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                catch (HttpRequestException) when (deadline.Elapsed < StartDeadline)
                {
                    // Not listening yet.
                }

                Assert.True(deadline.Elapsed < StartDeadline, $"no /metrics at {metrics} within {StartDeadline.TotalSeconds} s");
                await Task.Delay(200);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
