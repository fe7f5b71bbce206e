namespace KnockSensor.Generator;

/// <summary>The parsed command line of <c>knocksensor-gen</c>.</summary>
internal sealed record GeneratorOptions
{
    public bool Help { get; init; }

    public GeneratorProfile Profile { get; init; }

    /// <summary>The capture to write; <c>-</c> for standard output.</summary>
    public string OutputPath { get; init; } = "";

    public ulong Seed { get; init; } = TrafficGenerator.DefaultSeed;

    public int SizeMb { get; init; } = TrafficGenerator.DefaultSizeMb;

    /// <summary>Where to write the ground truth JSON, if anywhere.</summary>
    public string? TruthPath { get; init; }

    /// <summary>Leave the knock doors out (everything else, scans included, is written as with them).</summary>
    public bool NoKnocks { get; init; }
}
