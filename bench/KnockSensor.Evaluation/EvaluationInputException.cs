namespace KnockSensor.Evaluation;

/// <summary>A truth file or event log the evaluation refuses, with where (file and line, when known) and why.</summary>
public sealed class EvaluationInputException : Exception
{
    public EvaluationInputException(string source, int line, string reason)
        : base(line > 0 ? $"{source}:{line}: {reason}" : $"{source}: {reason}")
    {
        Source = source;
        Line = line;
        Reason = reason;
    }

    public EvaluationInputException()
    {
    }

    public EvaluationInputException(string message)
        : base(message)
    {
    }

    public EvaluationInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The line of an event log (1-based), or 0 for a whole-file problem.</summary>
    public int Line { get; }

    public string Reason { get; } = "";
}
