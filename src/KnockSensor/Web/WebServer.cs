using System.Net;
using KnockSensor.Configuration;
using KnockSensor.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace KnockSensor.Web;

/// <summary>
/// The HTTP(S) endpoint: Kestrel (<see cref="WebApplication.CreateSlimBuilder()"/>) serving <c>/</c>, the telemetry path
/// (prometheus-net's <c>MapMetrics</c>), <c>/-/healthy</c> and <c>POST /-/reload</c>, behind the web config's basic auth
/// and TLS. Runs on the thread pool beside the capture; it reads metrics only, never the stages.
/// </summary>
public sealed class WebServer : IAsyncDisposable, Daemon.IReloadable
{
    /// <summary>How long a stop waits for requests in flight: well inside the sensor's 2 s exit budget.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromMilliseconds(500);

    private readonly WebApplication _app;
    private readonly WebOptions _options;
    private readonly SensorMetrics _metrics;
    private readonly IConfigReloader? _reloader;
    private readonly TextWriter _stderr;
    private WebSecurity _security;

    private WebServer(WebApplication app, WebOptions options, WebSecurity security, SensorMetrics metrics, IConfigReloader? reloader, TextWriter stderr)
    {
        _app = app;
        _options = options;
        _security = security;
        _metrics = metrics;
        _reloader = reloader;
        _stderr = stderr;
    }

    /// <summary>The settings in force now (swapped whole by a reload).</summary>
    public WebSecurity Security => Volatile.Read(ref _security);

    /// <summary>
    /// Loads the web config, binds every listen address and starts serving <see cref="Prometheus.Metrics.DefaultRegistry"/>.
    /// </summary>
    /// <exception cref="ConfigurationException">The web config is wrong (file:line: reason).</exception>
    /// <exception cref="IOException">An address cannot be bound (in use, not local).</exception>
    public static WebServer Start(WebOptions options, SensorMetrics metrics, IConfigReloader? reloader, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = options.ConfigFile is null ? WebConfig.None : WebConfig.Load(options.ConfigFile);
        var security = WebSecurity.Create(config, options.ConfigFile ?? string.Empty, Reporter(stderr));
        var addresses = options.ListenAddresses.Select(ListenAddress.Parse).ToList();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // No appsettings.json watcher on the working directory: the sensor's settings come from its own files.
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();

        // The sensor owns SIGINT/SIGTERM (LiveRun drains, then stops this server); the host must not react to them.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();
        builder.Services.Configure<HostOptions>(static host => host.ShutdownTimeout = StopTimeout);

        WebServer? server = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            foreach (var address in addresses)
            {
                Listen(kestrel, address, listen =>
                {
                    if (config.Tls is not null)
                    {
                        listen.UseHttps(new TlsHandshakeCallbackOptions
                        {
                            OnConnection = _ => ValueTask.FromResult(server!.Security.ServerOptions()),
                        });
                    }
                });
            }
        });

        var app = builder.Build();
        server = new WebServer(app, options, security, metrics, reloader, stderr);
        server.MapEndpoints();
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not IOException)
        {
            // Kestrel reports an address in use as IOException already; anything else that stops it binding joins it.
            throw new IOException(e.Message, e);
        }

        return server;
    }

    /// <summary>Re-reads the web config file (users, certificate paths, client CAs); returns null, or why it failed (the old settings stay).</summary>
    public string? ReloadWebConfig()
    {
        try
        {
            Prepare()();
            return null;
        }
        catch (ConfigurationException e)
        {
            return e.Message;
        }
    }

    /// <summary>The web config's part of a daemon reload (SIGHUP, <c>POST /-/reload</c>): the file given at start, read again.</summary>
    Action Daemon.IReloadable.Prepare(Cli.CommandLineOptions next) => Prepare();

    /// <summary>Reads and checks the web config file; returns what puts it in force. Throws <see cref="ConfigurationException"/>.</summary>
    private Action Prepare()
    {
        if (_options.ConfigFile is null)
        {
            return static () => { };
        }

        var config = WebConfig.Load(_options.ConfigFile);
        if ((config.Tls is null) != (Security.Config.Tls is null))
        {
            throw new ConfigurationException(_options.ConfigFile, 0, "switching between HTTP and HTTPS (adding or removing tls_server_config) needs a restart");
        }

        var security = WebSecurity.Create(config, _options.ConfigFile, Reporter(_stderr));
        return () => Volatile.Write(ref _security, security);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Action<string> Reporter(TextWriter stderr) => message => stderr.WriteLine($"knocksensor: error: {message}");

    private static void Listen(KestrelServerOptions kestrel, ListenAddress address, Action<ListenOptions> configure)
    {
        if (address.Host is null)
        {
            kestrel.ListenAnyIP(address.Port, configure);
        }
        else if (address.Host == "localhost")
        {
            kestrel.ListenLocalhost(address.Port, configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(address.Host), address.Port, configure);
        }
    }

    private void MapEndpoints()
    {
        _app.Use(Authenticate);
        var landing = LandingPage.Html(_options.TelemetryPath);
        _app.MapGet("/", (RequestDelegate)(context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(landing);
        }));
        _app.MapGet("/-/healthy", (RequestDelegate)(static context => context.Response.WriteAsync("OK\n")));
        _app.MapPost("/-/reload", (RequestDelegate)Reload);
        _app.MapMetrics(_options.TelemetryPath, Prometheus.Metrics.DefaultRegistry);
    }

    private Task Authenticate(HttpContext context, RequestDelegate next)
    {
        var authenticator = Security.Authenticator;
        if (authenticator.IsEnabled && !authenticator.IsAuthorized(context.Request.Headers.Authorization))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"knocksensor\"";
            return Task.CompletedTask;
        }

        return next(context);
    }

    private Task Reload(HttpContext context)
    {
        // The daemon's reloader re-reads the web config along with the rest (this server is registered with it).
        var error = _reloader is not null ? _reloader.Reload() : ReloadWebConfig();

        _metrics.RecordConfigLoad(error is null, Live.LivePipeline.UtcNowNs());
        if (error is not null)
        {
            _stderr.WriteLine($"knocksensor: error: reload failed, the previous configuration stays: {error}");
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync(error + "\n");
        }

        return context.Response.WriteAsync("OK\n");
    }

    /// <summary>A host lifetime that registers no signal handlers: start and stop are the sensor's calls.</summary>
    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
