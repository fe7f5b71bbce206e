namespace KnockSensor.Windowing;

/// <summary>A snapshot of what a <see cref="PortWindower"/> has seen.</summary>
/// <param name="Events">Port events offered.</param>
/// <param name="Accesses">Events that were port accesses under the policy (entered a window).</param>
/// <param name="Ignored">Events that were not accesses (replies, non-SYN TCP, non-echo ICMP, other protocols, fragments).</param>
/// <param name="WindowsClosed">Windows handed to the sink, partial ones from <see cref="PortWindower.Flush"/> included.</param>
public readonly record struct WindowingCounters(long Events, long Accesses, long Ignored, long WindowsClosed);
