using System.Globalization;
using KnockSensor.Capture.Live;
using KnockSensor.Live;

namespace KnockSensor.Cli;

/// <summary>
/// The live-capture part of the command line (<c>-i IFACE [--capture …] [--threads N] [-F FILE | 'BPF expression']</c>
/// and the ring sizes), collected while <see cref="CommandLineParser"/> walks the arguments.
/// </summary>
public sealed class LiveArguments
{
    private readonly List<string> _filterWords = [];
    private string? _interface;
    private CaptureBackend _backend = CaptureBackend.AfPacket;
    private bool _backendGiven;
    private int? _threads;
    private string? _filterFile;
    private AfPacketOptions _ring = new();
    private int _consumerDelay;
    private int? _statsInterval;

    /// <summary>True once <c>-i</c> was given.</summary>
    public bool HasInterface => _interface is not null;

    /// <summary>True when any live-only option was given (so other commands can refuse them).</summary>
    public bool Any => _interface is not null || _backendGiven || _threads is not null || _filterFile is not null || _ring != new AfPacketOptions() || _consumerDelay != 0 || _statsInterval is not null;

    /// <summary>Takes <paramref name="arg"/> if it is a live option; returns false if it is not one.</summary>
    public bool TryAccept(string arg, IReadOnlyList<string> args, ref int i, string? inlineValue)
    {
        switch (arg)
        {
            case "-i" or "--interface":
                _interface = CommandLineParser.Value(args, ref i, arg, inlineValue);
                return true;
            case "--capture":
                var backend = CommandLineParser.Value(args, ref i, arg, inlineValue);
                _backend = backend switch
                {
                    "afpacket" => CaptureBackend.AfPacket,
                    "libpcap" => CaptureBackend.LibPcap,
                    _ => throw new CommandLineException($"--capture is afpacket or libpcap, not '{backend}'"),
                };
                _backendGiven = true;
                return true;
            case "--threads":
                _threads = Number(args, ref i, arg, inlineValue, 1, 64);
                return true;
            case "-F":
                _filterFile = CommandLineParser.Value(args, ref i, arg, inlineValue);
                return true;
            case "--ring-block-size":
                _ring = _ring with { BlockSize = Number(args, ref i, arg, inlineValue, 1, int.MaxValue) };
                return true;
            case "--ring-blocks":
                _ring = _ring with { BlockCount = Number(args, ref i, arg, inlineValue, 1, 65536) };
                return true;
            case "--ring-frame-size":
                _ring = _ring with { FrameSize = Number(args, ref i, arg, inlineValue, 1, int.MaxValue) };
                return true;
            case "--ring-block-timeout-ms":
                _ring = _ring with { BlockTimeoutMilliseconds = Number(args, ref i, arg, inlineValue, 1, 60_000) };
                return true;
            case "--stats-interval":
                _statsInterval = Number(args, ref i, arg, inlineValue, 0, 86_400);
                return true;
            case "--consumer-delay-us":
                _consumerDelay = Number(args, ref i, arg, inlineValue, 0, 1_000_000);
                return true;
            default:
                return false;
        }
    }

    /// <summary>A word that is not an option: part of the trailing BPF expression (tcpdump joins them with spaces).</summary>
    public void AddFilterWord(string word) => _filterWords.Add(word);

    /// <summary>The configuration file's filter (expression or file), unless the command line gave one.</summary>
    public void UseFileFilterIfNone(string? expression, string? file)
    {
        if (_filterWords.Count > 0 || _filterFile is not null)
        {
            return;
        }

        if (expression is not null)
        {
            _filterWords.Add(expression);
        }
        else
        {
            _filterFile = file;
        }
    }

    /// <summary>The first word of the trailing expression, or null when there is none.</summary>
    public string? FirstFilterWord => _filterWords.Count > 0 ? _filterWords[0] : null;

    /// <summary>The validated live options.</summary>
    public LiveOptions Build()
    {
        if (_interface is null)
        {
            throw new CommandLineException("live options need an interface: -i IFACE");
        }

        if (_filterFile is not null && _filterWords.Count > 0)
        {
            throw new CommandLineException("give the capture filter either with -F FILE or as a trailing expression, not both");
        }

        if (_backend == CaptureBackend.LibPcap && _threads > 1)
        {
            throw new CommandLineException("--threads applies to --capture afpacket (libpcap captures on one thread)");
        }

        try
        {
            _ring.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CommandLineException($"ring: {e.Message.Split('\n')[0]}", e);
        }

        return new LiveOptions
        {
            InterfaceName = _interface,
            Backend = _backend,
            Threads = _backend == CaptureBackend.LibPcap ? 1 : _threads ?? LiveOptions.DefaultThreads,
            Filter = _filterFile is not null ? ReadFilterFile(_filterFile) : _filterWords.Count > 0 ? string.Join(' ', _filterWords) : null,
            AfPacket = _ring,
            ConsumerDelayMicroseconds = _consumerDelay,
            StatsIntervalSeconds = _statsInterval ?? LiveOptions.DefaultStatsIntervalSeconds,
        };
    }

    private static string ReadFilterFile(string path)
    {
        try
        {
            // tcpdump -F: the whole file is the expression; '#' comments are not part of the syntax, so none are stripped.
            return File.ReadAllText(path).ReplaceLineEndings(" ").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandLineException($"cannot read the filter file {path}: {e.Message}", e);
        }
    }

    private static int Number(IReadOnlyList<string> args, ref int i, string option, string? inlineValue, int min, int max)
    {
        var text = CommandLineParser.Value(args, ref i, option, inlineValue);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new CommandLineException($"{option} needs a whole number from {min} to {max}, not '{text}'");
    }
}
