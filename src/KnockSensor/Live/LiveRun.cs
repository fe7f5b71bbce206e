using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using KnockSensor.Capture.Live;
using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Output;

// The web endpoint's ASP.NET Core framework also brings System.Diagnostics.EventLog (Windows): here EventLog is ours.
using EventLog = KnockSensor.Output.EventLog;

namespace KnockSensor.Live;

/// <summary>
/// <c>knocksensor -i IFACE</c>: captures until SIGINT or SIGTERM, then drains the rings, flushes the stages, writes
/// the final events and reports. Each frame is decoded and counted on a capture thread, as <c>Offline/DecodingSink</c>
/// does, and every port event reaches <see cref="Stage"/> (the knock detector) on one thread, in timestamp order.
/// </summary>
public sealed class LiveRun
{
    /// <summary>How long a capture read waits before the thread looks at the stop signal: well inside the 2 s exit budget.</summary>
    private const int WaitMilliseconds = 100;

    /// <summary>Margin on top of the ring's block timeout for frames still on their way through the kernel.</summary>
    private static readonly long IdleMarginNs = TimeSpan.FromMilliseconds(200).Ticks * 100;

    private readonly LiveOptions _options;
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;

    public LiveRun(LiveOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _stdout = stdout;
        _stderr = stderr;
    }

    /// <summary>The stage that receives every decoded port event (the knock detector), or null when the run only counts.</summary>
    public IPortEventSink? Stage { get; init; }

    /// <summary>The quiescent-port monitor beside the knock detector, or null when it does not run.</summary>
    public KnockSensor.Quiescent.QuiescentMonitor? Quiescent { get; init; }

    /// <summary>Periodic work on the thread that owns <see cref="Stage"/> (metrics, state snapshots).</summary>
    public IReadOnlyList<ILiveHousekeeping> Housekeeping { get; init; } = [];

    /// <summary>Operator messages (rate-limited reports of malformed traffic), or null for none.</summary>
    public KnockSensor.Logging.SensorLog? Messages { get; init; }

    /// <summary>Called once the capture is open and the pipeline about to run (systemd's READY=1).</summary>
    public Action? Started { get; init; }

    /// <summary>Raised by SIGINT/SIGTERM (or a failed capture thread) to end the run.</summary>
    public LiveStopSignal Stop { get; } = new();

    /// <summary>Captures until stopped; returns the exit code.</summary>
    /// <param name="log">The event log, opened by the caller so the detector's events stream into it; or null.</param>
    public int Run(EventLog? log)
    {
        var clock = Stopwatch.StartNew();
        List<ILiveCaptureSource> sources;
        try
        {
            // One clear line for the commonest failure, before anything else is tried.
            AfPacketSource.CheckPrivilege();
            sources = OpenSources();
        }
        catch (LiveCaptureException e)
        {
            _stderr.WriteLine($"knocksensor: error: {e.Message}");
            return Cli.ExitCodes.InputError;
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        var stage = Stage ?? NoStage.Instance;
        var housekeeping = Housekeeping;
        AnomalyReporter? anomalies = null;
        if (Quiescent is not null)
        {
            stage = new LiveStages(stage, Quiescent);
            anomalies = new AnomalyReporter(Quiescent, log);
            // After the metrics publisher (in Housekeeping), which counts the anomalies before this reporter clears them.
            housekeeping = [.. Housekeeping, anomalies];
        }

        LivePipeline? running = null;
        if (log is not null && _options.StatsIntervalSeconds > 0)
        {
            housekeeping = [.. housekeeping, new PeriodicStats(log, _options.InterfaceName, _options.StatsIntervalSeconds, () => running!.MergedCounters())];
        }

        if (Messages is not null)
        {
            housekeeping = [.. housekeeping, new MalformedReporter(Messages, () => running!.Workers.Select(static w => w.Counters).ToList())];
        }

        if (_options.ConsumerDelayMicroseconds > 0)
        {
            stage = new DelayingStage(stage, _options.ConsumerDelayMicroseconds);
        }

        // Both backends hand frames over in blocks that wait at most this long (libpcap's timeout is its block timeout).
        var blockTimeout = _options.AfPacket.BlockTimeoutMilliseconds;
        var pipeline = new LivePipeline(
            sources,
            stage,
            Stop,
            // Test-only slow consumer: a small queue, so the backlog reaches the kernel ring (and its drop counter) quickly.
            _options.ConsumerDelayMicroseconds > 0 ? 64 : _options.QueueCapacity,
            WaitMilliseconds,
            drainMilliseconds: blockTimeout + 20,
            idleLagNs: (blockTimeout * 1_000_000L) + IdleMarginNs,
            LivePipeline.UtcNowNs,
            forwardOtherIpProtocols: Quiescent is not null)
        {
            Housekeeping = housekeeping,
        };

        running = pipeline;
        foreach (var observer in housekeeping.OfType<ILiveCaptureObserver>())
        {
            observer.Attach(pipeline);
        }

        _stderr.WriteLine($"knocksensor: listening on {_options.InterfaceName} ({Describe()})");
        Started?.Invoke();
        pipeline.Run();
        return Report(pipeline, log, clock.Elapsed, anomalies);
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the process ends when the run has drained and reported, not at the signal.
        context.Cancel = true;
        Stop.Raise();
    }

    private List<ILiveCaptureSource> OpenSources()
    {
        var sources = new List<ILiveCaptureSource>();
        try
        {
            if (_options.Backend == CaptureBackend.LibPcap)
            {
                sources.Add(LibPcapSource.Open(_options.InterfaceName, _options.LibPcap, _options.Filter));
                return sources;
            }

            var filter = string.IsNullOrWhiteSpace(_options.Filter)
                ? null
                : BpfFilter.Compile(_options.Filter, AfPacketSource.ReadLinkType(_options.InterfaceName));

            // A fanout group id unique enough on this host: the kernel scopes groups to the network namespace.
            var ring = _options.Threads > 1 ? _options.AfPacket with { FanoutGroup = (ushort)(Environment.ProcessId & 0xFFFF) } : _options.AfPacket;
            for (var i = 0; i < _options.Threads; i++)
            {
                sources.Add(AfPacketSource.Open(_options.InterfaceName, ring, filter));
            }

            return sources;
        }
        catch
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }

            throw;
        }
    }

    private string Describe() => _options.Backend == CaptureBackend.LibPcap
        ? "libpcap"
        : $"afpacket, {_options.Threads} thread{(_options.Threads == 1 ? string.Empty : "s")}, {_options.AfPacket.BlockCount} x {RunSummary.FormatBytes(_options.AfPacket.BlockSize)} ring each";

    private int Report(LivePipeline pipeline, EventLog? log, TimeSpan elapsed, AnomalyReporter? anomalies)
    {
        var counters = pipeline.MergedCounters();
        var statistics = pipeline.MergedStatistics();
        var vlans = pipeline.VlanFrames();
        var inputs = new[] { new InputReport(_options.InterfaceName, counters.Frames, counters.CapturedBytes, Stop.Failure is null ? -1 : 0, Stop.Failure) };

        _stdout.Write(RunSummary.Format(counters, inputs, elapsed));
        if (Stage is KnockDetector detector)
        {
            _stdout.Write(KnockSummary.Format(detector));
        }

        if (anomalies is not null)
        {
            _stdout.WriteLine(QuiescentSummary.Format(anomalies.Monitor, anomalies.Localized, anomalies.HorizontalScans, anomalies.Worms));
        }

        _stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capture:         {Describe()}, kernel packets {statistics.Packets:N0}, kernel drops {statistics.Drops:N0}, interface drops {statistics.InterfaceDrops:N0}, late events {pipeline.Merger.LateEvents:N0}"));
        if (vlans.Count > 0)
        {
            _stdout.WriteLine("vlan ids:        " + string.Join(", ", vlans.Select(static v => string.Create(CultureInfo.InvariantCulture, $"{v.VlanId} ({v.Frames:N0})"))));
        }

        if (log is not null)
        {
            var now = LivePipeline.UtcNowNs();
            WriteCaptureEvent(log, now, statistics, pipeline.Merger.LateEvents, vlans);
            StatsEvent.Write(log, counters, inputs, now);
            log.Flush();
        }

        if (Stop.Failure is { } failure)
        {
            _stderr.WriteLine($"knocksensor: error: {_options.InterfaceName}: {failure}");
            return Cli.ExitCodes.InputError;
        }

        return Cli.ExitCodes.Success;
    }

    private void WriteCaptureEvent(EventLog log, long timestampNs, CaptureStatistics statistics, long lateEvents, IReadOnlyList<(int VlanId, long Frames)> vlans)
    {
        var json = log.BeginEvent(timestampNs, "capture");
        json.WriteStartObject("capture"u8);
        json.WriteString("interface"u8, _options.InterfaceName);
        json.WriteString("backend"u8, _options.Backend == CaptureBackend.LibPcap ? "libpcap" : "afpacket");
        json.WriteNumber("threads"u8, _options.Backend == CaptureBackend.LibPcap ? 1 : _options.Threads);
        json.WriteNumber("kernel_packets"u8, statistics.Packets);
        json.WriteNumber("kernel_drops"u8, statistics.Drops);
        json.WriteNumber("interface_drops"u8, statistics.InterfaceDrops);
        json.WriteNumber("late_events"u8, lateEvents);
        json.WriteStartObject("vlans"u8);
        foreach (var (vlanId, frames) in vlans)
        {
            json.WriteNumber(vlanId.ToString(CultureInfo.InvariantCulture), frames);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        log.EndEvent();
    }

    /// <summary>The stage of a run that only counts.</summary>
    private sealed class NoStage : IPortEventSink
    {
        public static readonly NoStage Instance = new();

        public void Add(in PortEvent portEvent)
        {
        }

        public void Flush()
        {
        }
    }
}
