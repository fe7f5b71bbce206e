using System.Globalization;

namespace KnockSensor.Evaluation;

/// <summary>
/// One item of a knock or a rule side: a protocol ("tcp", "udp", "icmp", lower case) and a port, or for ICMP the
/// message type. Any protocol name containing "icmp" ("icmp", "ipv6-icmp", "icmpv6") is ICMP.
/// </summary>
public readonly record struct KnockItem(string Proto, int Number)
{
    public bool IsIcmp => IsIcmpName(Proto);

    public static bool IsIcmpName(string proto) => proto.Contains("icmp", StringComparison.Ordinal);

    /// <summary>"tcp/999", "icmp/8".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Proto}/{Number}");
}
