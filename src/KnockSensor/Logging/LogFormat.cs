namespace KnockSensor.Logging;

/// <summary>How operator messages are written to standard error.</summary>
public enum LogFormat
{
    /// <summary><c>knocksensor: warn: message key=value</c>, as the command line has always printed.</summary>
    Text,

    /// <summary><c>ts=… level=warn msg="…" key=value</c>, as Prometheus exporters log.</summary>
    Logfmt,

    /// <summary>One JSON object per line: <c>{"ts":…,"level":…,"msg":…,…}</c>.</summary>
    Json,
}
