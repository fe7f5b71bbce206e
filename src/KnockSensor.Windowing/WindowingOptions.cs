namespace KnockSensor.Windowing;

/// <summary>How port accesses are cut into windows.</summary>
public sealed record WindowingOptions
{
    /// <summary>The paper's window size (section 5.1): large enough to hold a whole knock sequence with high probability.</summary>
    public const int DefaultWindowSize = 1000;

    /// <summary>Port accesses per window (<c>ws</c>), repeats included.</summary>
    public int WindowSize { get; init; } = DefaultWindowSize;

    public AccessPolicy Policy { get; init; } = AccessPolicy.ConnectionAttempts;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is unusable.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 1, nameof(WindowSize));
        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "Unknown access policy.");
        }
    }
}
