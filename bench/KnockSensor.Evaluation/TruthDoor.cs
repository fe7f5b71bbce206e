namespace KnockSensor.Evaluation;

/// <summary>
/// A knock door as the ground truth states it: the guarded host, the ordered knock, the port the knock opens (absent
/// when the recording has no shell connection) and what its activations were.
/// </summary>
public sealed record TruthDoor
{
    public required string Name { get; init; }

    /// <summary>The guarded host, in canonical address form.</summary>
    public required string Target { get; init; }

    public required IReadOnlyList<KnockItem> Sequence { get; init; }

    public KnockItem? ShellPort { get; init; }

    public bool Spoofed { get; init; }

    public int ActivationCount { get; init; }

    /// <summary>Distinct sources of the shell connections.</summary>
    public int SourceCount { get; init; }

    /// <summary>Distinct source addresses of the knocks themselves (many for a spoofing door).</summary>
    public int KnockSourceCount { get; init; }

    /// <summary>The distinct items of the sequence, in first-seen order: the n of the paper's n(n−1) pairs.</summary>
    public IReadOnlyList<KnockItem> DistinctItems => [.. Sequence.Distinct()];
}
