namespace KnockSensor.Cli;

/// <summary>Process exit codes, documented in <c>--help</c> and docs/cli.md.</summary>
public static class ExitCodes
{
    /// <summary>Everything was read and analysed.</summary>
    public const int Success = 0;

    /// <summary>An input could not be opened or was damaged; everything before the damage was analysed and reported.</summary>
    public const int InputError = 1;

    /// <summary>The command line was wrong; nothing was done.</summary>
    public const int UsageError = 2;
}
