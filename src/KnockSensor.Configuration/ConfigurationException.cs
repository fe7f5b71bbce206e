namespace KnockSensor.Configuration;

/// <summary>A configuration file that cannot be used: its name, the line at fault (1-based; 0 when the whole file is), and why.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException()
        : this(string.Empty, 0, "invalid configuration")
    {
    }

    public ConfigurationException(string message)
        : this(string.Empty, 0, message)
    {
    }

    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Reason = message;
    }

    public ConfigurationException(string fileName, int line, string reason, Exception? innerException = null)
        : base(Format(fileName, line, reason), innerException)
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    public string FileName { get; }

    /// <summary>1-based line of the fault, or 0 when it concerns the whole file.</summary>
    public int Line { get; }

    public string Reason { get; }

    private static string Format(string fileName, int line, string reason) =>
        line > 0 ? $"{fileName}:{line}: {reason}" : $"{fileName}: {reason}";
}
