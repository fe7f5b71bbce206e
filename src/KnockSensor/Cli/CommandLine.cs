using System.Runtime.InteropServices;
using KnockSensor.Configuration;
using KnockSensor.Daemon;
using KnockSensor.Logging;
using KnockSensor.Offline;
using KnockSensor.Output;

namespace KnockSensor.Cli;

/// <summary>Entry point: parses the command line and runs the chosen command.</summary>
public static class CommandLine
{
    /// <summary>Name of the sample capture embedded in the binary (see src/KnockSensor/Resources/README.md).</summary>
    public const string SampleResourceName = "sample.pcap";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        CommandLineOptions options;
        try
        {
            options = CommandLineParser.Parse(args);
        }
        catch (CommandLineException e)
        {
            stderr.WriteLine($"knocksensor: {e.Message}");
            stderr.WriteLine("Try 'knocksensor --help'.");
            return ExitCodes.UsageError;
        }
        catch (ConfigurationException e)
        {
            stderr.WriteLine($"knocksensor: error: {e.Message}");
            return ExitCodes.UsageError;
        }

        switch (options.Command)
        {
            case CommandKind.Version:
                stdout.WriteLine($"knocksensor {BuildInfo.Version} (revision {BuildInfo.Revision})");
                return ExitCodes.Success;
            case CommandKind.Read:
            case CommandKind.Demo:
                return RunOffline(options, stdout, stderr);
            case CommandKind.Live:
                return RunLive(options, stdout, stderr);
            case CommandKind.ConfigCheck:
                return ConfigCheck.Run(options, stdout, stderr);
            case CommandKind.Advise:
                return Advise.AdviseCommand.Run(
                    options.Inputs,
                    options.WindowSize,
                    options.EveryPacket ? Windowing.AccessPolicy.EveryPacket : Windowing.AccessPolicy.ConnectionAttempts,
                    options.Progress ?? !Console.IsErrorRedirected,
                    options.StageThreads ?? StagePipeline.ThreadedByDefault,
                    stdout,
                    stderr);
            default:
                stdout.Write(HelpText.Usage);
                return ExitCodes.Success;
        }
    }

    private static int RunOffline(CommandLineOptions options, TextWriter stdout, TextWriter stderr)
    {
        var showProgress = options.Progress ?? !Console.IsErrorRedirected;
        var clock = OfflineRun.StartClock();
        using var log = OpenEvents(options.EventsPath, stderr);
        if (options.EventsPath is not null && log is null)
        {
            return ExitCodes.InputError;
        }

        var store = options.StateDirectory is { } stateDirectory ? new KnockSensor.State.StateStore(stateDirectory, stderr) : null;
        var (detector, monitor) = StateFiles.StatefulStages.Create(
            store,
            () => new KnockSensor.Knocks.KnockDetector(DetectorSettings.From(options), new KnockSensor.Output.KnockEventWriter(log)),
            () => options.Quiescent ? NewQuiescentMonitor(options) : null);
        var run = new OfflineRun(stdout, stderr, showProgress)
        {
            Stage = detector,
            Quiescent = monitor,
            KeepsStateOpen = store is not null,
            Threaded = options.StageThreads ?? StagePipeline.ThreadedByDefault,
        };
        if (options.Command == CommandKind.Demo)
        {
            using var sample = typeof(CommandLine).Assembly.GetManifestResourceStream(SampleResourceName)
                ?? throw new InvalidOperationException("the sample capture is missing from this build");
            stdout.WriteLine($"knocksensor {BuildInfo.Version}: analysing the embedded sample capture ({SampleResourceName}, 5 minutes, windows of {options.WindowSize} connection attempts)");
            run.ReadStream(sample, SampleResourceName);
        }
        else
        {
            run.ReadPaths(options.Inputs);
        }

        var exitCode = run.Finish(log, clock.Elapsed);
        store?.SaveAndReport(detector, monitor);
        return exitCode;
    }

    private static int RunLive(CommandLineOptions options, TextWriter stdout, TextWriter stderr)
    {
        var messages = new SensorLog(stderr, options.LogLevel, options.LogFormat);

        // Capture never waits on the disk: a full event queue drops (and counts) instead.
        using var log = OpenEvents(
            options.EventsPath,
            stderr,
            EventLogOverflow.Drop,
            e => messages.WriteLimited("event-log", LogLevel.Error, "cannot write the event log", ("reason", e.Message)));
        if (options.EventsPath is not null && log is null)
        {
            return ExitCodes.InputError;
        }

        string? pidError = null;
        using var pidFile = options.PidFile is null ? null : PidFile.TryWrite(options.PidFile, out pidError);
        if (pidError is not null)
        {
            stderr.WriteLine($"knocksensor: error: cannot write the pid file {options.PidFile}: {pidError}");
            return ExitCodes.InputError;
        }

        using (var notifier = SystemdNotifier.FromEnvironment())
        {
            var reloader = new ConfigReloader(options, messages, log, notifier);

            // SIGHUP reloads the configuration and reopens the event log (logrotate); it never ends the run.
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                reloader.Reload(out _);
            });

            // The tap counts the doors and activations reported, for the metrics; it forwards everything to the event writer.
            var knockTap = new KnockSensor.Metrics.KnockObserverTap(new KnockEventWriter(log));
            var store = options.StateDirectory is { } stateDirectory ? new KnockSensor.State.StateStore(stateDirectory, stderr) : null;
            var (detector, quiescent) = StateFiles.StatefulStages.Create(
                store,
                () => new KnockSensor.Knocks.KnockDetector(DetectorSettings.From(options), knockTap),
                () => options.Quiescent ? NewQuiescentMonitor(options) : null);
            using var web = Web.WebEndpoint.Start(options.Web, detector, knockTap, quiescent, log, reloader, stderr, out var webExitCode);
            if (webExitCode != ExitCodes.Success)
            {
                return webExitCode;
            }

            var housekeeping = new List<Live.ILiveHousekeeping> { new DaemonHousekeeping(notifier) };
            if (store is not null)
            {
                housekeeping.Add(new StateFiles.StateSnapshots(store, detector, quiescent, TimeSpan.FromSeconds(options.StateIntervalSeconds), Live.LivePipeline.UtcNowNs()));
            }

            if (web is not null)
            {
                if (store is not null)
                {
                    // After the snapshot housekeeping, so a tick's snapshot is in the same tick's metrics.
                    housekeeping.Add(new StateFiles.SnapshotMetrics(store, web.Housekeeping.Publisher.Metrics));
                }

                housekeeping.Add(web.Housekeeping);
            }

            var run = new Live.LiveRun(options.Live!, stdout, stderr)
            {
                Stage = detector,
                Messages = messages,
                Quiescent = quiescent,
                Housekeeping = housekeeping,
                Started = () =>
                {
                    // Once capture is open: without CAP_NET_RAW the run ends with one line about that instead.
                    if (PrivilegeCheck.IsRoot)
                    {
                        messages.Warn(PrivilegeCheck.RootWarning);
                    }

                    notifier.Ready();
                },
            };
            return run.Run(log);
        }
    }

    private static Quiescent.QuiescentMonitor NewQuiescentMonitor(CommandLineOptions options) =>
        new(new Quiescent.QuiescentOptions { HomeNetworks = options.HomeNetworks, BinSeconds = options.BinSeconds });

    /// <summary>Opens the event log before anything is read, so a bad path fails at once and findings stream out as they happen.</summary>
    private static EventLog? OpenEvents(string? path, TextWriter stderr, EventLogOverflow overflow = EventLogOverflow.Block, Action<Exception>? onWriteError = null)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return EventLog.Open(path, overflow, EventLog.DefaultQueueCapacity, onWriteError);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"knocksensor: error: cannot open the event log {path}: {e.Message}");
            return null;
        }
    }
}
