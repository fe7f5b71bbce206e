using KnockSensor.Capture;
using KnockSensor.Capture.Live;

namespace KnockSensor.Cli;

/// <summary>
/// <c>knocksensor -c FILE --config.check</c>: the file and the command line have been parsed and checked by then (an
/// error names the file's line); this adds the checks that need more than the text — the capture filter compiles, the
/// event log's directory exists — prints what the sensor would run, and exits.
/// </summary>
public static class ConfigCheck
{
    public static int Run(CommandLineOptions options, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var path = options.Config?.Path ?? "(command line)";
        var problems = new List<string>();

        if (options.Live?.Filter is { } filter)
        {
            try
            {
                // Link type of the span port is not known until capture starts; Ethernet is what nearly every one is.
                _ = BpfFilter.Compile(filter, LinkType.Ethernet);
            }
            catch (LiveCaptureException e)
            {
                problems.Add($"capture filter: {e.Message}");
            }
        }

        RequireDirectoryOf(options.EventsPath is "-" ? null : options.EventsPath, "events.path", problems);
        RequireDirectoryOf(options.PidFile, "pidfile", problems);

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                stderr.WriteLine($"knocksensor: error: {path}: {problem}");
            }

            return ExitCodes.UsageError;
        }

        stdout.WriteLine($"knocksensor: configuration OK: {path}");
        stdout.WriteLine(options.Live is { } live
            ? $"  capture:   {live.InterfaceName} ({(live.Backend == KnockSensor.Live.CaptureBackend.LibPcap ? "libpcap" : $"afpacket, {live.Threads} thread(s)")}){(live.Filter is null ? string.Empty : $", filter '{live.Filter}'")}"
            : "  capture:   none (no capture.interface; give -i or -r)");
        stdout.WriteLine($"  knocks:    windows of {options.WindowSize} {(options.EveryPacket ? "packets" : "connection attempts")}, thresholds {(options.MinSupport is null && options.MinInterest is null ? "automatic" : "fixed")}");
        stdout.WriteLine($"  quiescent: {(options.Quiescent ? $"on, bins of {options.BinSeconds} s" : "off")}");
        stdout.WriteLine($"  events:    {options.EventsPath ?? "none"}");
        return ExitCodes.Success;
    }

    /// <summary>Adds a problem when the directory <paramref name="path"/> would be written in does not exist.</summary>
    private static void RequireDirectoryOf(string? path, string key, List<string> problems)
    {
        if (path is not null && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
        {
            problems.Add($"{key}: the directory {directory} does not exist");
        }
    }
}
