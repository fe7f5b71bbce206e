using KnockSensor.Logging;

namespace KnockSensor.Cli;

/// <summary>The spellings of <c>--log.level</c> and <c>--log.format</c> (the config file's <c>log:</c> section).</summary>
public static class LogSettings
{
    public static readonly string[] Levels = ["debug", "info", "warn", "error"];

    public static readonly string[] Formats = ["text", "logfmt", "json"];

    public static LogLevel ParseLevel(string text) => text switch
    {
        "debug" => LogLevel.Debug,
        "info" => LogLevel.Info,
        "warn" => LogLevel.Warn,
        "error" => LogLevel.Error,
        _ => throw new CommandLineException($"--log.level is one of {string.Join(", ", Levels)}, not '{text}'"),
    };

    public static LogFormat ParseFormat(string text) => text switch
    {
        "text" => LogFormat.Text,
        "logfmt" => LogFormat.Logfmt,
        "json" => LogFormat.Json,
        _ => throw new CommandLineException($"--log.format is one of {string.Join(", ", Formats)}, not '{text}'"),
    };
}
