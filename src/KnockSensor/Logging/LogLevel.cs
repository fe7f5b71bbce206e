namespace KnockSensor.Logging;

/// <summary>Severity of an operator message; messages below the configured level are not written.</summary>
public enum LogLevel
{
    Debug,
    Info,
    Warn,
    Error,
}
