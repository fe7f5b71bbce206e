namespace KnockSensor.Decode;

/// <summary>IANA IP protocol numbers the sensor names; any other value is carried as its number.</summary>
public enum IpProtocol : byte
{
    /// <summary>Not an IP packet, or not decoded far enough to know.</summary>
    None = 255,
    Icmp = 1,
    Tcp = 6,
    Udp = 17,
    Icmpv6 = 58,
}
