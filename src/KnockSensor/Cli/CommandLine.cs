using KnockSensor.Offline;

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
            case CommandKind.Advise:
                return Advise.AdviseCommand.Run(
                    options.Inputs,
                    options.WindowSize,
                    options.EveryPacket ? Windowing.AccessPolicy.EveryPacket : Windowing.AccessPolicy.ConnectionAttempts,
                    options.Progress ?? !Console.IsErrorRedirected,
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

        var detector = new KnockSensor.Knocks.KnockDetector(DetectorSettings.From(options), new KnockSensor.Output.KnockEventWriter(log));
        var run = new OfflineRun(stdout, stderr, showProgress)
        {
            Stage = detector,
            Quiescent = options.Quiescent
                ? new Quiescent.QuiescentMonitor(new Quiescent.QuiescentOptions { HomeNetworks = options.HomeNetworks, BinSeconds = options.BinSeconds })
                : null,
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

        return run.Finish(log, clock.Elapsed);
    }

    private static int RunLive(CommandLineOptions options, TextWriter stdout, TextWriter stderr)
    {
        if (options.Quiescent)
        {
            // Not wired into live runs yet: say so rather than run without it.
            stderr.WriteLine("knocksensor: the quiescent-port monitor (--home-net, --bin-seconds) does not run with -i yet; use -r");
            return ExitCodes.UsageError;
        }

        using var log = OpenEvents(options.EventsPath, stderr);
        if (options.EventsPath is not null && log is null)
        {
            return ExitCodes.InputError;
        }

        // The tap counts the doors and activations reported, for the metrics; it forwards everything to the event writer.
        var knockTap = new KnockSensor.Metrics.KnockObserverTap(new KnockSensor.Output.KnockEventWriter(log));
        var detector = new KnockSensor.Knocks.KnockDetector(DetectorSettings.From(options), knockTap);
        using var web = Web.WebEndpoint.Start(options.Web, detector, knockTap, log, reloader: null, stderr, out var webExitCode);
        if (webExitCode != ExitCodes.Success)
        {
            return webExitCode;
        }

        return new Live.LiveRun(options.Live!, stdout, stderr) { Stage = detector, Housekeeping = web is null ? [] : [web.Housekeeping] }.Run(log);
    }

    /// <summary>Opens the event log before anything is read, so a bad path fails at once and findings stream out as they happen.</summary>
    private static KnockSensor.Output.EventLog? OpenEvents(string? path, TextWriter stderr)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return KnockSensor.Output.EventLog.Open(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"knocksensor: error: cannot open the event log {path}: {e.Message}");
            return null;
        }
    }
}
