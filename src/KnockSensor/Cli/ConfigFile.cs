using System.Globalization;
using KnockSensor.Configuration;

namespace KnockSensor.Cli;

/// <summary>
/// The configuration file (<c>-c FILE</c>), read into the command-line options it stands for: each key is the long
/// form of an option (docs/configuration.md lists both), so a file and a command line mean exactly the same thing and
/// are checked by the same parser. Options given on the command line win over the file. Values are checked here
/// first, so a bad one is refused with the file's line and the key.
/// </summary>
public sealed class ConfigFile
{
    private ConfigFile(string path, IReadOnlyList<string> captureArguments, IReadOnlyList<string> arguments, string? filter, string? filterFile)
    {
        Path = path;
        CaptureArguments = captureArguments;
        Arguments = arguments;
        Filter = filter;
        FilterFile = filterFile;
    }

    public string Path { get; }

    /// <summary>The <c>capture:</c> section as options; used only when the command line reads no files.</summary>
    public IReadOnlyList<string> CaptureArguments { get; }

    /// <summary>Every other section as options.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>The capture filter expression, used when the command line gives none.</summary>
    public string? Filter { get; }

    /// <summary>The capture filter file, used when the command line gives no filter.</summary>
    public string? FilterFile { get; }

    /// <summary>Reads and checks <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationException">The file cannot be read or is wrong; the message names the line.</exception>
    public static ConfigFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(path, 0, $"cannot read the configuration file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Checks <paramref name="text"/> as the contents of <paramref name="fileName"/>.</summary>
    public static ConfigFile Parse(string text, string fileName)
    {
        var root = MappingReader.Parse(text, fileName);
        var capture = new List<string>();
        var arguments = new List<string>();
        string? filter = null;
        string? filterFile = null;

        if (root.Mapping("capture") is { } section)
        {
            Add(capture, "--interface", section.String("interface"));
            Add(capture, "--capture", section.Choice("backend", "afpacket", "libpcap"));
            Add(capture, "--threads", section.Integer("threads", 1, 64));
            filter = section.String("filter");
            filterFile = section.String("filter_file");
            if (filter is not null && filterFile is not null)
            {
                throw section.Invalid("filter_file", "give the capture filter as filter or as filter_file, not both");
            }

            if (section.Mapping("ring") is { } ring)
            {
                Add(capture, "--ring-block-size", ring.Integer("block_size", 1, int.MaxValue));
                Add(capture, "--ring-blocks", ring.Integer("blocks", 1, 65536));
                Add(capture, "--ring-frame-size", ring.Integer("frame_size", 1, int.MaxValue));
                Add(capture, "--ring-block-timeout-ms", ring.Integer("block_timeout_ms", 1, 60_000));
                ring.RejectUnknownKeys();
            }

            section.RejectUnknownKeys();
        }

        if (root.Mapping("knock") is { } knock)
        {
            Add(arguments, "--window-size", knock.Integer("window_size", 1, int.MaxValue));
            Flag(arguments, "--every-packet", knock.Boolean("every_packet"));
            Flag(arguments, "--paper", knock.Boolean("paper"));
            Add(arguments, "--min-support", knock.Number("min_support", 0, 1));
            Add(arguments, "--min-interest", knock.Number("min_interest", 0, 1));
            Add(arguments, "--min-confidence", knock.Number("min_confidence", 0, 1));
            Add(arguments, "--history", knock.Integer("history", 1, KnockSensor.Mining.MiningOptions.MaxHistoryLength));
            Add(arguments, "--min-activations", knock.Integer("min_activations", 1, 1000));
            Add(arguments, "--max-itemset-size", knock.Integer("max_itemset_size", 2, KnockSensor.Mining.MiningOptions.MaxItemsetSizeLimit));
            knock.RejectUnknownKeys();
        }

        if (root.Mapping("quiescent") is { } quiescent)
        {
            ReadQuiescent(quiescent, arguments);
        }

        if (root.Mapping("events") is { } events)
        {
            Add(arguments, "--events", events.String("path"));

            // Only live runs write stats as they go, so this travels with the capture options.
            Add(capture, "--stats-interval", events.Integer("stats_interval_seconds", 0, 86_400));
            events.RejectUnknownKeys();
        }

        if (root.Mapping("state") is { } state)
        {
            Add(arguments, "--state-dir", state.String("directory"));

            // Snapshots on a timer are a live run's; an offline run saves at its end.
            Add(capture, "--state-interval", state.Integer("interval_seconds", 1, 86_400));
            state.RejectUnknownKeys();
        }

        if (root.Mapping("web") is { } web)
        {
            // The metrics endpoint serves live runs only, so these travel with the capture options too.
            if (web.StringList("listen_addresses") is { } addresses)
            {
                foreach (var address in addresses.Count == 0 ? ["none"] : addresses)
                {
                    Add(capture, "--web.listen-address", address.Length == 0 ? "none" : address);
                }
            }

            Add(capture, "--web.telemetry-path", web.String("telemetry_path"));
            Add(capture, "--web.config.file", web.String("config_file"));
            Add(capture, "--web.top-n", web.Integer("top_n", 0, 1000));
            web.RejectUnknownKeys();
        }

        if (root.Mapping("log") is { } log)
        {
            Add(arguments, "--log.level", log.Choice("level", LogSettings.Levels));
            Add(arguments, "--log.format", log.Choice("format", LogSettings.Formats));
            log.RejectUnknownKeys();
        }

        Add(arguments, "--pidfile", root.String("pidfile"));
        root.RejectUnknownKeys();
        return new ConfigFile(fileName, capture, arguments, filter, filterFile);
    }

    private static void ReadQuiescent(MappingReader section, List<string> arguments)
    {
        var enabled = section.Boolean("enabled");
        var networks = section.StringList("home_networks");
        var binSeconds = section.Integer("bin_seconds", KnockSensor.Quiescent.QuiescentOptions.MinBinSeconds, KnockSensor.Quiescent.QuiescentOptions.MaxBinSeconds);
        section.RejectUnknownKeys();
        if (networks is not null)
        {
            try
            {
                KnockSensor.Quiescent.HomeNetworks.Parse(string.Join(',', networks));
            }
            catch (FormatException e)
            {
                throw section.Invalid("home_networks", e.Message);
            }
        }

        // The monitor runs when enabled, or (as on the command line) when it is given anything to work with.
        if (enabled == false || (enabled is null && networks is null && binSeconds is null))
        {
            return;
        }

        Add(arguments, "--home-net", networks is null ? null : string.Join(',', networks));
        Add(arguments, "--bin-seconds", binSeconds ?? KnockSensor.Quiescent.QuiescentOptions.DefaultBinSeconds);
    }

    private static void Add(List<string> arguments, string option, string? value)
    {
        if (value is not null)
        {
            arguments.Add(option);
            arguments.Add(value);
        }
    }

    private static void Add(List<string> arguments, string option, int? value) =>
        Add(arguments, option, value?.ToString(CultureInfo.InvariantCulture));

    private static void Add(List<string> arguments, string option, double? value) =>
        Add(arguments, option, value?.ToString("R", CultureInfo.InvariantCulture));

    private static void Flag(List<string> arguments, string option, bool? value)
    {
        if (value == true)
        {
            arguments.Add(option);
        }
    }
}
