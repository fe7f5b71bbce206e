using KnockSensor.Mining;
using KnockSensor.Windowing;

namespace KnockSensor.Knocks;

/// <summary>Everything the knock detector needs: windowing, mining, and how rules become knocks.</summary>
public sealed record KnockDetectorOptions
{
    /// <summary>Default <see cref="MiningOptions.HistoryLength"/> of the detector: 256 windows of 250 attempts.</summary>
    public const int DefaultHistoryLength = 256;

    public WindowingOptions Windowing { get; init; } = new();

    public MiningOptions Mining { get; init; } = new() { HistoryLength = DefaultHistoryLength };

    /// <summary>Re-estimate minSupp from the traffic after every window (eq. 7–8); false keeps <see cref="MiningOptions.MinSupport"/>.</summary>
    public bool AutoMinSupport { get; init; } = true;

    /// <summary>Derive minInte from the history and <see cref="MinActivations"/> after every window; false keeps <see cref="MiningOptions.MinInterest"/>.</summary>
    public bool AutoMinInterest { get; init; } = true;

    /// <summary>The fewest activations of a door, within the history, that the automatic thresholds must let through.</summary>
    public int MinActivations { get; init; } = 3;

    /// <summary>
    /// Report only rules tied to one destination host (a door lives on one host). False reports every mined rule, with
    /// <c>dest_ip</c> when one host carries it: the paper's output.
    /// </summary>
    public bool RequireHost { get; init; } = true;

    /// <summary>
    /// Report rules only once, at <see cref="KnockDetector.Flush"/>, over the whole history then held: the paper's batch
    /// run over a capture. Online reporting (the default) reports a rule as soon as a window makes it.
    /// </summary>
    public bool ReportRulesAtEnd { get; init; }

    /// <summary>How long after a knock's last packet a new connection to the target counts as its shell connection.</summary>
    public TimeSpan ShellWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most knocks tracked; further doors are counted in <see cref="KnockCounters.KnocksDropped"/>.</summary>
    public int MaxKnocks { get; init; } = 4096;

    /// <summary>Most distinct rules remembered as already reported; beyond it a rule may be reported again.</summary>
    public int MaxReportedRules { get; init; } = 1 << 16;

    /// <summary>Most rules tied to hosts per window (each costs a scan of its windows' access logs); the rest are counted.</summary>
    public int MaxRulesAttributedPerWindow { get; init; } = 4096;

    /// <summary>
    /// Most logged accesses read per window to tie rules to hosts (about 10 ms of work); once spent, the window's
    /// remaining rules are counted in <see cref="KnockCounters.RulesNotAttributed"/> instead, so a flood of rules cannot
    /// stall capture.
    /// </summary>
    public long MaxAttributionWorkPerWindow { get; init; } = 1 << 23;

    /// <summary>Most items a door may have; a larger component of host-tied rules is not a knock and is counted, not tracked.</summary>
    public int MaxDoorItems { get; init; } = 32;

    /// <summary>Most knock sources a knock keeps (the count goes on).</summary>
    public int MaxSourcesKept { get; init; } = 256;

    /// <summary>The paper's configuration: its windows, fixed thresholds (dataset 1), every rule reported.</summary>
    public static KnockDetectorOptions Paper { get; } = new()
    {
        Windowing = WindowingOptions.Paper,
        Mining = new MiningOptions { HistoryLength = MiningOptions.MaxHistoryLength },
        AutoMinSupport = false,
        AutoMinInterest = false,
        RequireHost = false,
        ReportRulesAtEnd = true,
    };

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is unusable.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Windowing);
        ArgumentNullException.ThrowIfNull(Mining);
        Windowing.Validate();
        Mining.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(MinActivations, 1, nameof(MinActivations));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShellWait, TimeSpan.Zero, nameof(ShellWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxKnocks, 1, nameof(MaxKnocks));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxReportedRules, 1, nameof(MaxReportedRules));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRulesAttributedPerWindow, 1, nameof(MaxRulesAttributedPerWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttributionWorkPerWindow, 1, nameof(MaxAttributionWorkPerWindow));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDoorItems, 2, nameof(MaxDoorItems));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSourcesKept, 1, nameof(MaxSourcesKept));
    }
}
