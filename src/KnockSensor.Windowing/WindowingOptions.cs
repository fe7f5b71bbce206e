namespace KnockSensor.Windowing;

/// <summary>How port accesses are cut into windows.</summary>
public sealed record WindowingOptions
{
    /// <summary>The paper's window size (section 5.1), in packets: large enough to hold a whole knock sequence with high probability.</summary>
    public const int PaperWindowSize = 1000;

    /// <summary>
    /// The default window size, in connection attempts. The paper counts every packet; in the generated day profile
    /// and the nDPI corpus about one packet in four is a connection attempt, so 1000 of the paper's packets are about
    /// 250 attempts: the same stretch of traffic per window.
    /// </summary>
    public const int DefaultWindowSize = 250;

    /// <summary>Default <see cref="EpisodeGap"/>: knockd's own default sequence timeout is 25 s.</summary>
    public static readonly TimeSpan DefaultEpisodeGap = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="ScannerHorizon"/>.</summary>
    public static readonly TimeSpan DefaultScannerHorizon = TimeSpan.FromMinutes(10);

    /// <summary>Port accesses per window (<c>ws</c>), repeats included.</summary>
    public int WindowSize { get; init; } = DefaultWindowSize;

    public AccessPolicy Policy { get; init; } = AccessPolicy.ConnectionAttempts;

    /// <summary>
    /// Keep a knock in one window (default): an access joins the window where its destination host's current episode
    /// began, as long as that window is still open (see <see cref="MaxOpenWindows"/>) and the host's previous access
    /// is at most <see cref="EpisodeGap"/> old. False gives the paper's plain consecutive windows, which cut a
    /// knock in two whenever a boundary falls inside it.
    /// </summary>
    public bool KeepKnocksWhole { get; init; } = true;

    /// <summary>
    /// Most windows open at once (each up to 2·ws accesses, about 80 KiB at the default ws): a knock stays whole while
    /// fewer than this × ws other accesses cross the network during it. 1 to 1024.
    /// </summary>
    public int MaxOpenWindows { get; init; } = 64;

    /// <summary>Longest silence inside one destination's episode.</summary>
    public TimeSpan EpisodeGap { get; init; } = DefaultEpisodeGap;

    /// <summary>
    /// Distinct items (≈, see <see cref="ScannerTracker"/>) within <see cref="ScannerHorizon"/> that make a source a
    /// scanner whose accesses leave the windows; 0 turns scanner filtering off (the paper has none).
    /// </summary>
    public int ScannerDistinctItems { get; init; } = 32;

    /// <summary>How long a scanner's sketch accumulates and its flag lasts.</summary>
    public TimeSpan ScannerHorizon { get; init; } = DefaultScannerHorizon;

    /// <summary>The paper's windowing: every packet, 1000 per window, consecutive windows, no scanner filter.</summary>
    public static WindowingOptions Paper { get; } = new()
    {
        WindowSize = PaperWindowSize,
        Policy = AccessPolicy.EveryPacket,
        KeepKnocksWhole = false,
        ScannerDistinctItems = 0,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is unusable.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowSize, 1, nameof(WindowSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(WindowSize, 1 << 24, nameof(WindowSize));
        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "Unknown access policy.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(EpisodeGap, TimeSpan.Zero, nameof(EpisodeGap));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOpenWindows, 1, nameof(MaxOpenWindows));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxOpenWindows, 1024, nameof(MaxOpenWindows));
        if (ScannerDistinctItems != 0)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ScannerDistinctItems, 2, nameof(ScannerDistinctItems));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(ScannerDistinctItems, 255, nameof(ScannerDistinctItems));
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ScannerHorizon, TimeSpan.Zero, nameof(ScannerHorizon));
        }
    }
}
