namespace KnockSensor.Generator;

/// <summary>A command line that cannot be run; the message says what is wrong, in the user's terms.</summary>
internal sealed class GeneratorUsageException(string message) : Exception(message);
