namespace KnockSensor.Cli;

/// <summary>A command line that cannot be run; the message is shown to the user as one line.</summary>
public sealed class CommandLineException : Exception
{
    public CommandLineException(string message)
        : base(message)
    {
    }

    public CommandLineException()
    {
    }

    public CommandLineException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
