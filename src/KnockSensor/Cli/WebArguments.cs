using System.Globalization;
using KnockSensor.Web;

namespace KnockSensor.Cli;

/// <summary>
/// The web endpoint's part of the command line (<c>--web.listen-address</c>, <c>--web.telemetry-path</c>,
/// <c>--web.config.file</c>, <c>--web.top-n</c>), collected while <see cref="CommandLineParser"/> walks the arguments.
/// </summary>
public sealed class WebArguments
{
    private List<string>? _listen;
    private string? _telemetryPath;
    private string? _configFile;
    private int? _topN;

    /// <summary>True when any web option was given.</summary>
    public bool Any => _listen is not null || _telemetryPath is not null || _configFile is not null || _topN is not null;

    /// <summary>Drops the addresses taken so far (the configuration file's, when the command line gives its own).</summary>
    public void ForgetListenAddresses() => _listen = null;

    /// <summary>Takes <paramref name="arg"/> if it is a web option; returns false if it is not one.</summary>
    public bool TryAccept(string arg, IReadOnlyList<string> args, ref int i, string? inlineValue)
    {
        switch (arg)
        {
            case "--web.listen-address":
                // '' (or none) switches the endpoint off, so an empty value is allowed here, unlike other options.
                var address = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new CommandLineException($"option '{arg}' needs a value"));
                _listen ??= [];
                if (address.Length > 0 && address != "none")
                {
                    try
                    {
                        ListenAddress.Parse(address);
                    }
                    catch (FormatException e)
                    {
                        throw new CommandLineException($"--web.listen-address: {e.Message}", e);
                    }

                    _listen.Add(address);
                }
                else
                {
                    _listen.Add(string.Empty);
                }

                return true;
            case "--web.telemetry-path":
                var path = CommandLineParser.Value(args, ref i, arg, inlineValue);
                _telemetryPath = path.StartsWith('/') && path != "/" && !path.StartsWith("/-/", StringComparison.Ordinal)
                    ? path
                    : throw new CommandLineException($"--web.telemetry-path needs a path starting with / other than / and /-/..., not '{path}'");
                return true;
            case "--web.config.file":
                _configFile = CommandLineParser.Value(args, ref i, arg, inlineValue);
                return true;
            case "--web.top-n":
                var text = CommandLineParser.Value(args, ref i, arg, inlineValue);
                _topN = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1000
                    ? n
                    : throw new CommandLineException($"--web.top-n needs a whole number from 0 to 1000, not '{text}'");
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The endpoint of a live run: <c>:10642</c> unless addresses were given; <c>''</c> or <c>none</c> switches it off
    /// (an address given beside them still counts).
    /// </summary>
    public WebOptions Build()
    {
        var defaults = new WebOptions();
        var listen = _listen is null ? defaults.ListenAddresses : _listen.Where(static a => a.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return new WebOptions
        {
            ListenAddresses = listen,
            TelemetryPath = _telemetryPath ?? defaults.TelemetryPath,
            ConfigFile = _configFile,
            TopN = _topN ?? defaults.TopN,
        };
    }
}
