using System.Text.Json;

namespace KnockSensor.IntegrationTests.Packaging;

/// <summary>
/// The alert rules and the Grafana dashboard query only metrics the metric contract names (packaging/metrics-contract.txt)
/// plus Prometheus' own <c>up</c>, and the dashboard has the shape Grafana's import needs. Runs without the binary.
/// </summary>
public sealed class PackagedMetricsTests
{
    /// <summary>Series Prometheus makes itself rather than scraping them.</summary>
    private static readonly HashSet<string> PrometheusSeries = ["up"];

    [Fact]
    public void The_name_extractor_finds_metrics_and_only_metrics()
    {
        Assert.Equal(
            ["knocksensor_kernel_drops_total", "knocksensor_packets_total"],
            PromQlMetricNames.Of("sum by (instance) (rate(knocksensor_kernel_drops_total{job=~\"$job\", reason=\"a b\"}[$__rate_interval])) / ignoring(x) knocksensor_packets_total offset 5m > 0.01"));
        Assert.Equal(["knocksensor_build_info"], PromQlMetricNames.Of("label_values(knocksensor_build_info{job=~\"$job\"}, instance)"));
        Assert.Equal(["up"], PromQlMetricNames.Of("up{job=\"knocksensor\"} == 0"));
        // A misspelt function is not recognised, so it surfaces as a name to be checked instead of vanishing.
        Assert.Equal(["increse", "knocksensor_knocks_total"], PromQlMetricNames.Of("increse(knocksensor_knocks_total[5m]) > 1e3"));
    }

    [Fact]
    public void Every_metric_the_alerts_and_the_dashboard_query_is_in_the_contract()
    {
        var contract = PackagedQueries.ContractNames();
        Assert.True(contract.Count >= 20, $"the contract file lists only {contract.Count} names");
        var queries = PackagedQueries.All();
        Assert.True(queries.Count(q => q.Source.StartsWith("alerts", StringComparison.Ordinal)) >= 6, "alerts.yaml should hold at least six alert expressions");
        Assert.True(queries.Count(q => q.Source.StartsWith("dashboard panel", StringComparison.Ordinal)) >= 10, "the dashboard should hold at least ten panel queries");

        var unknown = queries
            .SelectMany(q => PromQlMetricNames.Of(q.Expression).Select(name => (q.Source, Name: name)))
            .Where(x => !contract.Contains(x.Name) && !PrometheusSeries.Contains(x.Name))
            .Select(x => $"{x.Source}: {x.Name}")
            .ToList();
        Assert.True(unknown.Count == 0, "queried but not in the metric contract:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void Every_query_reads_at_least_one_metric()
    {
        var empty = PackagedQueries.All().Where(q => PromQlMetricNames.Of(q.Expression).Count == 0).Select(q => $"{q.Source}: {q.Expression}").ToList();
        Assert.True(empty.Count == 0, "queries that read no metric:\n" + string.Join('\n', empty));
    }

    [Fact]
    public void The_dashboard_imports_with_a_prometheus_input_and_a_fixed_uid()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(PackagedQueries.DashboardPath));
        var root = document.RootElement;
        Assert.Equal("knocksensor", root.GetProperty("uid").GetString());
        var input = Assert.Single(root.GetProperty("__inputs").EnumerateArray());
        Assert.Equal("DS_PROMETHEUS", input.GetProperty("name").GetString());
        Assert.Equal("prometheus", input.GetProperty("pluginId").GetString());

        var panels = PackagedQueries.Panels(root).ToList();
        var ids = panels.Select(p => p.GetProperty("id").GetInt32()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var panel in panels.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var title = panel.GetProperty("title").GetString();
            Assert.True(panel.GetProperty("datasource").GetProperty("uid").GetString() == "${DS_PROMETHEUS}", $"panel '{title}' does not use the DS_PROMETHEUS input");
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                Assert.True(target.GetProperty("datasource").GetProperty("uid").GetString() == "${DS_PROMETHEUS}", $"a query of panel '{title}' does not use the DS_PROMETHEUS input");
            }
        }
    }

    [Theory]
    [InlineData("knocksensor_packets_total")]
    [InlineData("knocksensor_bytes_total")]
    [InlineData("knocksensor_kernel_drops_total")]
    [InlineData("knocksensor_knock_rule_top")]
    [InlineData("knocksensor_knocks_detected_total")]
    [InlineData("knocksensor_port_deviation_top")]
    [InlineData("knocksensor_state_entries")]
    public void The_dashboard_shows_what_an_operator_asks_first(string metric)
    {
        var shown = PackagedQueries.DashboardExpressions().SelectMany(q => PromQlMetricNames.Of(q.Expression)).ToHashSet();
        Assert.Contains(metric, shown);
    }
}
