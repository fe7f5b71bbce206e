namespace KnockSensor.Cli;

/// <summary>What the user asked for, validated. Immutable once parsed.</summary>
public sealed record CommandLineOptions
{
    public CommandKind Command { get; init; } = CommandKind.Help;

    /// <summary>Capture files, directories or "-" (stdin), in the order given.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>NDJSON event log to append to ("-" = standard output), or null for none.</summary>
    public string? EventsPath { get; init; }

    /// <summary>Progress on a terminal: null = automatic (only when standard error is a terminal).</summary>
    public bool? Progress { get; init; }

    /// <summary>
    /// Offline runs give each detector stage a thread of its own (<c>--stage-threads on</c>) or keep everything on
    /// the reading thread (<c>off</c>); null = automatic (on with more than two cores). The results are the same.
    /// </summary>
    public bool? StageThreads { get; init; }

    /// <summary>Port accesses per window (ws): 250 connection attempts, or the paper's 1000 with every packet counted.</summary>
    public int WindowSize { get; init; } = KnockSensor.Windowing.WindowingOptions.DefaultWindowSize;

    /// <summary>Count every packet's destination port as an access (the paper's database), not only connection attempts.</summary>
    public bool EveryPacket { get; init; }

    /// <summary>The paper-faithful detector (<c>--paper</c>): its windows, fixed thresholds, every rule reported.</summary>
    public bool Paper { get; init; }

    /// <summary>Operator-set minSupp (wins over the automatic estimate), or null.</summary>
    public double? MinSupport { get; init; }

    /// <summary>Operator-set minInte (wins over the automatic estimate), or null.</summary>
    public double? MinInterest { get; init; }

    /// <summary>Operator-set minConf, or null for the default 0.9.</summary>
    public double? MinConfidence { get; init; }

    /// <summary>Windows in the mining history (L), or null for the default.</summary>
    public int? HistoryLength { get; init; }

    /// <summary>Largest itemset mined (2 = pairs, up to 6), or null for pairs.</summary>
    public int? MaxItemsetSize { get; init; }

    /// <summary>Fewest activations the automatic thresholds must find a door with, or null for the default 3.</summary>
    public int? MinActivations { get; init; }

    /// <summary>Home networks for the quiescent-port monitor's incoming/outgoing split (<c>--home-net</c>); none = all incoming.</summary>
    public KnockSensor.Quiescent.HomeNetworks HomeNetworks { get; init; } = KnockSensor.Quiescent.HomeNetworks.None;

    /// <summary>The quiescent-port monitor's time bin in seconds (<c>--bin-seconds</c>).</summary>
    public int BinSeconds { get; init; } = KnockSensor.Quiescent.QuiescentOptions.DefaultBinSeconds;

    /// <summary>
    /// Run the quiescent-port monitor: set by <c>--home-net</c> or <c>--bin-seconds</c>. Opt-in because its flow table
    /// costs more per packet than the rest of the offline pipeline (bench/RESULTS.md).
    /// </summary>
    public bool Quiescent { get; init; }

    /// <summary>The live capture (<c>-i</c>), or null for other commands.</summary>
    public KnockSensor.Live.LiveOptions? Live { get; init; }

    /// <summary>The metrics endpoint (<c>--web.*</c>): on <c>:10642</c> for live runs unless switched off, off otherwise.</summary>
    public KnockSensor.Web.WebOptions Web { get; init; } = new() { ListenAddresses = [] };

    /// <summary>The configuration file (<c>-c</c>), or null; kept so a reload can read it again.</summary>
    public ConfigFile? Config { get; init; }

    /// <summary>The command line as given, so a reload can combine it with the file again (the command line wins).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Operator messages below this level are not written (<c>--log.level</c>).</summary>
    public KnockSensor.Logging.LogLevel LogLevel { get; init; } = KnockSensor.Logging.LogLevel.Info;

    /// <summary>How operator messages are written (<c>--log.format</c>).</summary>
    public KnockSensor.Logging.LogFormat LogFormat { get; init; } = KnockSensor.Logging.LogFormat.Text;

    /// <summary>File to write the process id to while the sensor runs (<c>--pidfile</c>), or null.</summary>
    public string? PidFile { get; init; }

    /// <summary>Default of <see cref="StateIntervalSeconds"/>.</summary>
    public const int DefaultStateIntervalSeconds = 60;

    /// <summary>Where the stages' state is kept between runs (<c>--state-dir</c>, file knocksensor.state), or null for none.</summary>
    public string? StateDirectory { get; init; }

    /// <summary>Seconds between snapshots of a live run with <see cref="StateDirectory"/> (<c>--state-interval</c>).</summary>
    public int StateIntervalSeconds { get; init; } = DefaultStateIntervalSeconds;
}

/// <summary>The sub-commands.</summary>
public enum CommandKind
{
    Help,
    Version,

    /// <summary>Analyse capture files (<c>-r</c>).</summary>
    Read,

    /// <summary>Analyse the sample capture embedded in the binary.</summary>
    Demo,

    /// <summary>Suggest knock-mining parameters for the given captures (the paper's section 5.1).</summary>
    Advise,

    /// <summary>Capture live from an interface (<c>-i</c>) until SIGINT or SIGTERM.</summary>
    Live,

    /// <summary>Check the configuration file and the options (<c>--config.check</c>), then exit.</summary>
    ConfigCheck,
}
