namespace KnockSensor.Cli;

/// <summary>
/// Parses the command line by hand: a handful of Suricata/Zeek-style options does not justify a dependency, and a
/// hand parser is trivially AOT-safe. Accepts <c>--opt value</c> and <c>--opt=value</c>.
/// </summary>
public static class CommandLineParser
{
    /// <summary>Window size of <c>demo</c> unless given: see <see cref="DefaultWindowSize"/>.</summary>
    public const int SampleWindowSize = 100;

    /// <summary>
    /// Parses <paramref name="args"/>; with <c>-c FILE</c> the file's options come first, so the command line wins.
    /// </summary>
    /// <exception cref="CommandLineException">The command line is wrong.</exception>
    /// <exception cref="KnockSensor.Configuration.ConfigurationException">The configuration file is wrong (with its line).</exception>
    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configPath = FindConfigPath(args, out var configCheck);
        if (configPath is null)
        {
            if (configCheck)
            {
                throw new CommandLineException("--config.check needs a configuration file: -c FILE --config.check");
            }

            return ParseArguments(args, null, args);
        }

        var config = ConfigFile.Load(configPath);

        // The file's capture section describes the daemon's live capture; a command line that reads files, runs the
        // demo or advises keeps the rest of the file (detector, outputs) and leaves the capture alone.
        var readsFiles = args.Any(static a => a is "-r" or "--read" or "demo" or "advise" || a.StartsWith("--read=", StringComparison.Ordinal));
        var combined = new List<string>(config.Arguments);
        if (!readsFiles)
        {
            combined.AddRange(config.CaptureArguments);
        }

        var firstGiven = combined.Count;
        combined.AddRange(args);
        var options = ParseArguments(combined, readsFiles ? null : config, args, firstGiven);
        if (options.Command == CommandKind.Help && !configCheck && !args.Any(static a => a is "-h" or "--help" or "help"))
        {
            throw new CommandLineException($"nothing to do: {configPath} has no capture.interface, and the command line gives neither -i nor -r");
        }

        return options with { Config = config, Command = configCheck ? CommandKind.ConfigCheck : options.Command };
    }

    /// <summary>The value of <c>-c</c>/<c>--config</c>, and whether <c>--config.check</c> was given.</summary>
    private static string? FindConfigPath(IReadOnlyList<string> args, out bool configCheck)
    {
        string? path = null;
        configCheck = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--config.check")
            {
                configCheck = true;
            }
            else if (arg is "-c" or "--config")
            {
                if (path is not null)
                {
                    throw new CommandLineException("-c is given twice: one configuration file per run");
                }

                path = Value(args, ref i, arg, null);
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                path = Value(args, ref i, "--config", arg["--config=".Length..]);
            }
        }

        return path;
    }

    private static CommandLineOptions ParseArguments(IReadOnlyList<string> args, ConfigFile? config, IReadOnlyList<string> given, int firstGiven = 0)
    {
        var inputs = new List<string>();
        string? events = null;
        bool? progress = null;
        bool? stageThreads = null;
        int? windowSize = null;
        var everyPacket = false;
        var paper = false;
        double? minSupport = null;
        double? minInterest = null;
        double? minConfidence = null;
        int? history = null;
        int? minActivations = null;
        int? maxItemsetSize = null;
        KnockSensor.Quiescent.HomeNetworks? homeNetworks = null;
        int? binSeconds = null;
        var command = (CommandKind?)null;
        var live = new LiveArguments();
        var web = new WebArguments();
        var listenGiven = false;
        var logLevel = KnockSensor.Logging.LogLevel.Info;
        var logFormat = KnockSensor.Logging.LogFormat.Text;
        string? pidFile = null;
        string? stateDirectory = null;
        int? stateInterval = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                inlineValue = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "-h" or "--help" or "help":
                    return new CommandLineOptions { Command = CommandKind.Help };
                case "-V" or "--version":
                    return new CommandLineOptions { Command = CommandKind.Version };
                case "demo" when i == firstGiven:
                    command = CommandKind.Demo;
                    break;
                case "advise" when i == firstGiven:
                    command = CommandKind.Advise;
                    break;
                case "-c" or "--config":
                    // Read before the walk (FindConfigPath); only its value is skipped here.
                    i += inlineValue is null ? 1 : 0;
                    break;
                case "--config.check":
                    break;
                case "--log.level":
                    logLevel = LogSettings.ParseLevel(Value(args, ref i, arg, inlineValue));
                    break;
                case "--log.format":
                    logFormat = LogSettings.ParseFormat(Value(args, ref i, arg, inlineValue));
                    break;
                case "--pidfile":
                    pidFile = Value(args, ref i, arg, inlineValue);
                    break;
                case "--window-size":
                    var text = Value(args, ref i, arg, inlineValue);
                    windowSize = int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && size >= 1
                        ? size
                        : throw new CommandLineException($"--window-size needs a whole number of port accesses (at least 1), not '{text}'");
                    break;
                case "--every-packet":
                    everyPacket = true;
                    break;
                case "--paper":
                    paper = true;
                    break;
                case "--min-support":
                    minSupport = Fraction(Value(args, ref i, arg, inlineValue), arg);
                    break;
                case "--min-interest":
                    minInterest = Fraction(Value(args, ref i, arg, inlineValue), arg);
                    break;
                case "--min-confidence":
                    minConfidence = Fraction(Value(args, ref i, arg, inlineValue), arg);
                    break;
                case "--history":
                    history = WholeNumber(Value(args, ref i, arg, inlineValue), arg, 1, KnockSensor.Mining.MiningOptions.MaxHistoryLength);
                    break;
                case "--max-itemset-size":
                    maxItemsetSize = WholeNumber(Value(args, ref i, arg, inlineValue), arg, 2, KnockSensor.Mining.MiningOptions.MaxItemsetSizeLimit);
                    break;
                case "--min-activations":
                    minActivations = WholeNumber(Value(args, ref i, arg, inlineValue), arg, 1, 1000);
                    break;
                case "--home-net":
                    homeNetworks = ParseHomeNetworks(Value(args, ref i, arg, inlineValue));
                    break;
                case "--bin-seconds":
                    binSeconds = ParseBinSeconds(Value(args, ref i, arg, inlineValue));
                    break;
                case "-r" or "--read":
                    inputs.Add(Value(args, ref i, arg, inlineValue));
                    command ??= CommandKind.Read;
                    break;
                case "--events":
                    events = Value(args, ref i, arg, inlineValue);
                    break;
                case "--progress":
                    progress = true;
                    break;
                case "--state-dir":
                    stateDirectory = Value(args, ref i, arg, inlineValue);
                    break;
                case "--state-interval":
                    stateInterval = WholeNumber(Value(args, ref i, arg, inlineValue), arg, 1, 86_400);
                    break;
                case "--no-progress":
                    progress = false;
                    break;
                case "--stage-threads":
                    stageThreads = Value(args, ref i, arg, inlineValue) switch
                    {
                        "on" => true,
                        "off" => false,
                        var other => throw new CommandLineException($"--stage-threads takes on or off, not '{other}'"),
                    };
                    break;
                case var option when live.TryAccept(option, args, ref i, inlineValue):
                    break;
                case "--web.listen-address" when i >= firstGiven && !listenGiven:
                    // A repeatable option: the command line's addresses replace the file's instead of adding to them.
                    listenGiven = true;
                    web.ForgetListenAddresses();
                    web.TryAccept(arg, args, ref i, inlineValue);
                    break;
                case var option when web.TryAccept(option, args, ref i, inlineValue):
                    break;
                case var word when !word.StartsWith('-') && command is null or CommandKind.Live:
                    live.AddFilterWord(word);
                    break;
                default:
                    throw new CommandLineException(arg.StartsWith('-')
                        ? $"unknown option '{arg}'"
                        : $"unexpected argument '{arg}' (capture files are given with -r)");
            }
        }

        if (config is not null && live.HasInterface)
        {
            live.UseFileFilterIfNone(config.Filter, config.FilterFile);
        }

        if (live.HasInterface && command is null)
        {
            command = CommandKind.Live;
        }

        if (command != CommandKind.Live && (live.Any || live.FirstFilterWord is not null))
        {
            throw new CommandLineException(live.FirstFilterWord is { } word
                ? $"unexpected argument '{word}' (capture files are given with -r)"
                : "-i, --capture, --threads, -F and --ring-* belong to live capture (-i IFACE); they cannot be mixed with -r, demo or advise");
        }

        if (command is null)
        {
            return new CommandLineOptions { Command = CommandKind.Help };
        }

        if (command != CommandKind.Live && web.Any)
        {
            throw new CommandLineException("--web.* options belong to live capture (-i IFACE): the metrics endpoint serves live runs only");
        }

        if (command == CommandKind.Live && stageThreads is not null)
        {
            throw new CommandLineException("--stage-threads belongs to -r, demo and advise; live capture sets its capture threads with --threads");
        }

        if (command == CommandKind.Demo && inputs.Count > 0)
        {
            throw new CommandLineException("'demo' analyses the embedded sample; it takes no -r");
        }

        if (command == CommandKind.Advise)
        {
            if (inputs.Count == 0)
            {
                throw new CommandLineException("'advise' needs captures to study: advise -r PATH [-r PATH ...]");
            }

            if (inputs.Contains("-"))
            {
                throw new CommandLineException("'advise' reads its inputs twice, so it cannot read standard input (-r -); save the capture to a file first");
            }
        }

        if (command == CommandKind.Advise && (homeNetworks is not null || binSeconds is not null))
        {
            throw new CommandLineException("--home-net and --bin-seconds belong to -r and demo (the quiescent-port monitor)");
        }

        CheckStateOptions(command.Value, stateDirectory, stateInterval);
        return new CommandLineOptions
        {
            Command = command.Value,
            Inputs = inputs,
            EventsPath = events,
            Progress = progress,
            StageThreads = stageThreads,
            WindowSize = windowSize ?? DefaultWindowSize(command.Value, everyPacket || paper),
            EveryPacket = everyPacket || paper,
            Paper = paper,
            MinSupport = minSupport,
            MinInterest = minInterest,
            MinConfidence = minConfidence,
            HistoryLength = history,
            MinActivations = minActivations,
            MaxItemsetSize = maxItemsetSize,
            HomeNetworks = homeNetworks ?? KnockSensor.Quiescent.HomeNetworks.None,
            BinSeconds = binSeconds ?? KnockSensor.Quiescent.QuiescentOptions.DefaultBinSeconds,
            Quiescent = homeNetworks is not null || binSeconds is not null,
            Live = command == CommandKind.Live ? live.Build() : null,
            Web = command == CommandKind.Live ? web.Build() : new KnockSensor.Web.WebOptions { ListenAddresses = [] },
            Arguments = given,
            LogLevel = logLevel,
            LogFormat = logFormat,
            PidFile = pidFile,
            StateDirectory = stateDirectory,
            StateIntervalSeconds = stateInterval ?? CommandLineOptions.DefaultStateIntervalSeconds,
        };
    }

    private static void CheckStateOptions(CommandKind command, string? directory, int? interval)
    {
        if (directory is not null && command is not (CommandKind.Read or CommandKind.Live))
        {
            throw new CommandLineException("--state-dir belongs to -r and -i (state that continues from run to run)");
        }

        if (interval is not null && (directory is null || command != CommandKind.Live))
        {
            throw new CommandLineException("--state-interval sets how often a live run (-i) with --state-dir writes its snapshot");
        }
    }

    /// <summary>
    /// The paper's 1000 when every packet counts, 250 connection attempts otherwise; the demo's five-minute sample
    /// holds only about 2,000 attempts, so it uses windows of <see cref="SampleWindowSize"/> to have enough of them.
    /// </summary>
    private static int DefaultWindowSize(CommandKind command, bool everyPacket) =>
        everyPacket ? KnockSensor.Windowing.WindowingOptions.PaperWindowSize
        : command == CommandKind.Demo ? SampleWindowSize
        : KnockSensor.Windowing.WindowingOptions.DefaultWindowSize;

    private static double Fraction(string text, string option) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= 1
            ? value
            : throw new CommandLineException($"{option} needs a number between 0 and 1, not '{text}'");

    private static int WholeNumber(string text, string option, int min, int max) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandLineException($"{option} needs a whole number from {min} to {max}, not '{text}'");

    private static KnockSensor.Quiescent.HomeNetworks ParseHomeNetworks(string text)
    {
        try
        {
            return KnockSensor.Quiescent.HomeNetworks.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CommandLineException($"--home-net: {e.Message}", e);
        }
    }

    private static int ParseBinSeconds(string text)
    {
        const int Min = KnockSensor.Quiescent.QuiescentOptions.MinBinSeconds;
        const int Max = KnockSensor.Quiescent.QuiescentOptions.MaxBinSeconds;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= Min and <= Max
            ? seconds
            : throw new CommandLineException($"--bin-seconds needs a whole number of seconds from {Min} to {Max}, not '{text}'");
    }

    internal static string Value(IReadOnlyList<string> args, ref int i, string option, string? inlineValue)
    {
        if (inlineValue is not null)
        {
            return inlineValue.Length > 0 ? inlineValue : throw new CommandLineException($"option '{option}' needs a value");
        }

        if (i + 1 >= args.Count || (args[i + 1].StartsWith('-') && args[i + 1] != "-"))
        {
            throw new CommandLineException($"option '{option}' needs a value");
        }

        return args[++i];
    }
}
