namespace KnockSensor.Evaluation;

/// <summary>How one door of the truth fared: its rule pairs (the paper's metric) and whether a knock event names it.</summary>
public sealed record DoorScore
{
    public required string Name { get; init; }

    public required string Target { get; init; }

    /// <summary>The truth's ordered sequence, "tcp/999" style.</summary>
    public required IReadOnlyList<string> Sequence { get; init; }

    public string? ShellPort { get; init; }

    public bool Spoofed { get; init; }

    /// <summary>n(n−1) for the n distinct items of the sequence.</summary>
    public int Pairs { get; init; }

    /// <summary>Directed sequence pairs X ⇒ Y found as a rule on the target (or on no host).</summary>
    public int PairsFound { get; init; }

    public double? Recall { get; init; }

    public required IReadOnlyList<string> MissingPairs { get; init; }

    /// <summary>
    /// With the shell port as one more item, as the paper counts it (a four-port knock and its shell port give its
    /// "20 possible rules"): (n+1)n pairs, and those found. Equal to the plain pairs when the truth has no shell port.
    /// </summary>
    public int PairsWithShell { get; init; }

    public int PairsWithShellFound { get; init; }

    /// <summary>Rules whose dest_ip is this door's target.</summary>
    public int RulesOnTarget { get; init; }

    /// <summary>Of those, the rules whose two sides are items of a door on this target (sequence or shell port).</summary>
    public int CorrectRulesOnTarget { get; init; }

    public double? Precision { get; init; }

    /// <summary>Rules with no dest_ip whose two sides are items of this door: counted correct, listed apart.</summary>
    public int HostlessCorrectRules { get; init; }

    /// <summary>Rules between this door's items but on another host ("10.1.1.7: tcp/1 => tcp/2").</summary>
    public required IReadOnlyList<string> MisplacedRules { get; init; }

    /// <summary>A final knock event on the target with exactly this sequence, in this order.</summary>
    public bool Found { get; init; }

    /// <summary>"found", or what came closest ("wrong order …", "partial …", "wrong host …", "no knock …").</summary>
    public required string Verdict { get; init; }

    /// <summary>The id of the matching knock, or of the closest one when none matched.</summary>
    public long? KnockId { get; init; }

    public IReadOnlyList<string>? FoundSequence { get; init; }

    public int ActivationsTruth { get; init; }

    public int? ActivationsFound { get; init; }

    public string? ShellPortFound { get; init; }

    /// <summary>Null when the door was not found or the truth has no shell port.</summary>
    public bool? ShellPortMatch { get; init; }

    /// <summary>Distinct shell-connection sources in the truth.</summary>
    public int SourcesTruth { get; init; }

    /// <summary>Distinct knock sources in the truth (a spoofing door has many).</summary>
    public int KnockSourcesTruth { get; init; }

    public int? SourcesFound { get; init; }
}
