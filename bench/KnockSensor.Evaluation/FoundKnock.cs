namespace KnockSensor.Evaluation;

/// <summary>The last <c>knock</c> event written for one knock id: what the detector finally said about that door.</summary>
public sealed record FoundKnock
{
    public required long Id { get; init; }

    public string? DestIp { get; init; }

    public required IReadOnlyList<string> SrcIps { get; init; }

    public required IReadOnlyList<KnockItem> Sequence { get; init; }

    public KnockItem? ShellPort { get; init; }

    public int? Activations { get; init; }

    /// <summary>The line of the event kept (the last one for this id).</summary>
    public int Line { get; init; }

    public override string ToString() => $"knock {Id} on {DestIp ?? "(any host)"}: {string.Join(' ', Sequence)}";
}
