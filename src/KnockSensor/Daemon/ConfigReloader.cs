using KnockSensor.Cli;
using KnockSensor.Configuration;
using KnockSensor.Logging;
using KnockSensor.Output;

namespace KnockSensor.Daemon;

/// <summary>
/// Reloads the configuration (the file given with <c>-c</c>, combined again with the original command line) and
/// reopens the event log, as SIGHUP and <c>POST /-/reload</c> ask. What can change while running does (log level and
/// format, the event log's path, and whatever the registered <see cref="IReloadable"/> parts take); what needs a
/// restart (capture, detector windows) is named in a warning and left as it runs. A failed reload changes nothing.
/// Thread-safe: reloads are serialised.
/// </summary>
public sealed class ConfigReloader
{
    private readonly SensorLog _log;
    private readonly EventLog? _events;
    private readonly SystemdNotifier? _notifier;
    private readonly Func<DateTime> _clock;
    private readonly List<IReloadable> _parts = [];
    private readonly Lock _lock = new();
    private CommandLineOptions _current;
    private long _lastSuccessTicks;
    private long _successes;
    private long _failures;
    private volatile bool _lastSuccessful = true;

    public ConfigReloader(CommandLineOptions initial, SensorLog log, EventLog? events, SystemdNotifier? notifier = null, Func<DateTime>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(initial);
        ArgumentNullException.ThrowIfNull(log);
        _current = initial;
        _log = log;
        _events = events;
        _notifier = notifier;
        _clock = clock ?? (static () => DateTime.UtcNow);
        _lastSuccessTicks = _clock().Ticks;
    }

    /// <summary>The settings in force.</summary>
    public CommandLineOptions Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Whether the last reload worked (true before any).</summary>
    public bool LastReloadSuccessful => _lastSuccessful;

    /// <summary>When the configuration was last loaded successfully (at start, or by a reload), UTC.</summary>
    public DateTime LastSuccess => new(Interlocked.Read(ref _lastSuccessTicks), DateTimeKind.Utc);

    public long Successes => Interlocked.Read(ref _successes);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Adds a part that takes new settings on every reload.</summary>
    public void Register(IReloadable part)
    {
        ArgumentNullException.ThrowIfNull(part);
        lock (_lock)
        {
            _parts.Add(part);
        }
    }

    /// <summary>Reads the configuration again and applies it; returns false (and keeps everything) on error.</summary>
    /// <param name="error">Why it failed, or null.</param>
    public bool Reload(out string? error)
    {
        lock (_lock)
        {
            _notifier?.Reloading();
            try
            {
                var next = CommandLineParser.Parse(_current.Arguments);
                var apply = new List<Action>(_parts.Count);
                foreach (var part in _parts)
                {
                    apply.Add(part.Prepare(next));
                }

                foreach (var action in apply)
                {
                    action();
                }

                ApplyOwn(next);

                // What took effect; the rest keeps its running value (and is warned about again if still different).
                _current = _current with
                {
                    Config = next.Config,
                    LogLevel = next.LogLevel,
                    LogFormat = next.LogFormat,
                    EventsPath = _current.EventsPath is null || next.EventsPath is null ? _current.EventsPath : next.EventsPath,
                };
                Interlocked.Exchange(ref _lastSuccessTicks, _clock().Ticks);
                Interlocked.Increment(ref _successes);
                _lastSuccessful = true;
                error = null;
                _log.Info("configuration reloaded", ("file", next.Config?.Path ?? "(command line only)"));
                return true;
            }
            catch (Exception e) when (e is ConfigurationException or CommandLineException)
            {
                Interlocked.Increment(ref _failures);
                _lastSuccessful = false;
                error = e.Message;
                _log.Error("configuration reload failed; the running configuration stays", ("reason", e.Message));
                return false;
            }
            finally
            {
                _notifier?.Ready();
            }
        }
    }

    private void ApplyOwn(CommandLineOptions next)
    {
        _log.Level = next.LogLevel;
        _log.Format = next.LogFormat;

        if (_events is not null)
        {
            // Always reopen (logrotate's postrotate sends SIGHUP after moving the file); follow a new path when one is set.
            var path = next.EventsPath is { } p && p != "-" && p != _events.Path ? p : null;
            _events.Reopen(path);
        }

        foreach (var (name, before, after) in RestartOnly(_current, next))
        {
            if (before != after)
            {
                _log.Warn("a changed setting takes effect after a restart", ("setting", name), ("running", before), ("configured", after));
            }
        }
    }

    /// <summary>Settings a running sensor keeps until it restarts: they shape the capture and the detectors' state.</summary>
    private static IEnumerable<(string Name, string Before, string After)> RestartOnly(CommandLineOptions a, CommandLineOptions b)
    {
        yield return ("capture", Describe(a.Live), Describe(b.Live));
        yield return ("knock.window_size", Text(a.WindowSize), Text(b.WindowSize));
        yield return ("knock.every_packet", Text(a.EveryPacket), Text(b.EveryPacket));
        yield return ("knock.paper", Text(a.Paper), Text(b.Paper));
        yield return ("knock.min_support", Text(a.MinSupport), Text(b.MinSupport));
        yield return ("knock.min_interest", Text(a.MinInterest), Text(b.MinInterest));
        yield return ("knock.min_confidence", Text(a.MinConfidence), Text(b.MinConfidence));
        yield return ("knock.history", Text(a.HistoryLength), Text(b.HistoryLength));
        yield return ("knock.min_activations", Text(a.MinActivations), Text(b.MinActivations));
        yield return ("knock.max_itemset_size", Text(a.MaxItemsetSize), Text(b.MaxItemsetSize));
        yield return ("quiescent", $"{a.Quiescent} {a.HomeNetworks} {a.BinSeconds}", $"{b.Quiescent} {b.HomeNetworks} {b.BinSeconds}");
        yield return ("events.path", a.EventsPath is null ? "none" : "a file", b.EventsPath is null ? "none" : "a file");
        yield return ("pidfile", a.PidFile ?? "none", b.PidFile ?? "none");
        yield return ("web.listen_addresses", string.Join(' ', a.Web.ListenAddresses), string.Join(' ', b.Web.ListenAddresses));
        yield return ("web.telemetry_path", a.Web.TelemetryPath, b.Web.TelemetryPath);
        yield return ("state.directory", a.StateDirectory ?? "none", b.StateDirectory ?? "none");
        yield return ("state.interval_seconds", Text(a.StateIntervalSeconds), Text(b.StateIntervalSeconds));
    }

    private static string Describe(KnockSensor.Live.LiveOptions? live) =>
        live is null ? "none" : $"{live.InterfaceName} {live.Backend} threads={live.Threads} filter={live.Filter} ring={live.AfPacket}";

    private static string Text<T>(T value) => value?.ToString() ?? "default";
}
