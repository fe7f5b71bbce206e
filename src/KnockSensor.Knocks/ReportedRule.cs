using KnockSensor.Decode;
using KnockSensor.Mining;

namespace KnockSensor.Knocks;

/// <summary>A mined rule the first time it is reported, with the host it is tied to.</summary>
/// <param name="Rule">The rule as mined over the history.</param>
/// <param name="Destination">The host carrying the rule, or null when none does (only when hosts are not required).</param>
/// <param name="HostWindows">History windows in which the destination received every item of the rule (0 without a host).</param>
/// <param name="TimestampNs">End of the window that produced it.</param>
public sealed record ReportedRule(KnockRule Rule, PacketAddress? Destination, int HostWindows, long TimestampNs);
