namespace KnockSensor.Windowing;

/// <summary>A snapshot of what a <see cref="PortWindower"/> has seen.</summary>
/// <param name="Events">Port events offered.</param>
/// <param name="Accesses">Events that were port accesses under the policy and entered a window.</param>
/// <param name="Ignored">Events that were not accesses (replies, non-SYN TCP, non-echo ICMP, other protocols, fragments).</param>
/// <param name="WindowsClosed">Windows handed to the sink, partial ones from <see cref="PortWindower.Flush"/> included.</param>
/// <param name="ScannerAccesses">Accesses from flagged scanners, kept out of the windows.</param>
/// <param name="ScannersFlagged">Times a source was flagged as a scanner.</param>
/// <param name="LateJoins">Accesses that joined the previous window to keep their destination's episode whole.</param>
/// <param name="EpisodesEvicted">Live episodes lost to a hash collision in the destination table.</param>
public readonly record struct WindowingCounters(
    long Events,
    long Accesses,
    long Ignored,
    long WindowsClosed,
    long ScannerAccesses = 0,
    long ScannersFlagged = 0,
    long LateJoins = 0,
    long EpisodesEvicted = 0);
