namespace KnockSensor.Web;

/// <summary>The web endpoint's command-line settings (<c>--web.*</c>).</summary>
public sealed record WebOptions
{
    /// <summary>The default port: above the 9100–9999 exporter range, unassigned there (docs/cli.md).</summary>
    public const int DefaultPort = 10642;

    public const string DefaultTelemetryPath = "/metrics";

    /// <summary>Where to listen (<c>HOST:PORT</c>, <c>:PORT</c> for every address); empty: no endpoint.</summary>
    public IReadOnlyList<string> ListenAddresses { get; init; } = [":" + DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public string TelemetryPath { get; init; } = DefaultTelemetryPath;

    /// <summary>The exporter-toolkit web config (TLS, basic auth), or null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>N of the top-N gauges (knock rules, deviating ports).</summary>
    public int TopN { get; init; } = KnockSensor.Metrics.MetricsPublisher.DefaultTopN;

    /// <summary>True when the endpoint is switched off (<c>--web.listen-address none</c>).</summary>
    public bool Disabled => ListenAddresses.Count == 0;
}
