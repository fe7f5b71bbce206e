using KnockSensor.Configuration;
using KnockSensor.Daemon;
using KnockSensor.Knocks;
using KnockSensor.Metrics;
using KnockSensor.Quiescent;

namespace KnockSensor.Web;

/// <summary>
/// What a run with a web endpoint adds: the metrics in prometheus-net's default registry, their publisher (as live
/// housekeeping) and the server. Start it before capture, dispose it after the run has reported.
/// </summary>
public sealed class WebEndpoint : IDisposable
{
    private static SensorMetrics? _defaultMetrics;

    private readonly WebServer _server;

    private WebEndpoint(WebServer server, MetricsHousekeeping housekeeping)
    {
        _server = server;
        Housekeeping = housekeeping;
    }

    /// <summary>The publisher, to add to <see cref="Live.LiveRun.Housekeeping"/>.</summary>
    public MetricsHousekeeping Housekeeping { get; }

    public WebServer Server => _server;

    /// <summary>
    /// Starts serving per <paramref name="options"/>, or returns null when the endpoint is off. Prints the reason and
    /// sets <paramref name="exitCode"/> when it cannot start (a bad web config, an address in use).
    /// </summary>
    public static WebEndpoint? Start(WebOptions options, KnockDetector? detector, KnockObserverTap? knockTap, QuiescentMonitor? quiescent, KnockSensor.Output.EventLog? events, ConfigReloader? reloader, TextWriter stderr, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stderr);
        exitCode = Cli.ExitCodes.Success;
        if (options.Disabled)
        {
            return null;
        }

        var metrics = DefaultMetrics();
        var publisher = new MetricsPublisher(metrics, options.TopN)
        {
            Detector = detector,
            KnockTap = knockTap,
            Quiescent = quiescent,
            Events = events,
            ConfigStatus = reloader is null ? null : () => (reloader.LastReloadSuccessful, reloader.LastSuccess),
        };
        WebServer? server = null;
        try
        {
            server = WebServer.Start(options, metrics, reloader is null ? null : new DaemonReloader(reloader), stderr);

            // SIGHUP and POST /-/reload go through the daemon's reloader, which re-reads the web config with the rest.
            reloader?.Register(server);

            // Announced when capture starts, not now: a run that cannot capture says so in one line.
            var announcement = $"knocksensor: serving metrics on {string.Join(", ", options.ListenAddresses)}{options.TelemetryPath}{(server.Security.Config.Tls is null ? string.Empty : " (https)")}";
            var endpoint = new WebEndpoint(server, new MetricsHousekeeping(publisher, () => stderr.WriteLine(announcement)));
            server = null;
            metrics.RecordConfigLoad(succeeded: true, Live.LivePipeline.UtcNowNs());
            return endpoint;
        }
        catch (ConfigurationException e)
        {
            stderr.WriteLine($"knocksensor: error: {e.Message}");
            exitCode = Cli.ExitCodes.UsageError;
        }
        catch (IOException e)
        {
            stderr.WriteLine($"knocksensor: error: cannot serve metrics on {string.Join(", ", options.ListenAddresses)}: {e.Message}");
            exitCode = Cli.ExitCodes.InputError;
        }
        finally
        {
            server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return null;
    }

    public void Dispose() => _server.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// The sensor's metrics in prometheus-net's default registry, created once per process. Its EventCounter and Meter
    /// adapters and debug metrics are switched off first (they would export the runtime's internals under unbounded
    /// names); its process metrics (CPU, memory, open files, start time) stay, as every exporter has them.
    /// </summary>
    private static SensorMetrics DefaultMetrics()
    {
        if (_defaultMetrics is null)
        {
            Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions
            {
                SuppressEventCounters = true,
                SuppressMeters = true,
                SuppressDebugMetrics = true,
                SuppressProcessMetrics = false,
            });
            _defaultMetrics = new SensorMetrics(Prometheus.Metrics.DefaultRegistry, BuildInfo.Version, BuildInfo.Revision);
        }

        return _defaultMetrics;
    }

    /// <summary><see cref="IConfigReloader"/> over the daemon's <see cref="ConfigReloader"/>.</summary>
    private sealed class DaemonReloader(ConfigReloader reloader) : IConfigReloader
    {
        public string? Reload() => reloader.Reload(out var error) ? null : error ?? "the reload failed";
    }
}
