namespace KnockSensor.Capture;

/// <summary>
/// Link-layer header types (the tcpdump.org LINKTYPE_ registry) that a capture source can hand to the decoder.
/// Values are the registry numbers, so a file's or interface's raw value casts directly; values not named here
/// are still carried through and the decoder counts them as unsupported.
/// </summary>
public enum LinkType : uint
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,

    /// <summary>Ethernet II / 802.3, possibly with 802.1Q and 802.1ad tag stacks.</summary>
    Ethernet = 1,

    /// <summary>Raw IP on some BSDs (DLT_RAW = 12); the IP version is read from the first nibble.</summary>
    RawBsd12 = 12,

    /// <summary>Raw IP on OpenBSD (DLT_RAW = 14).</summary>
    RawBsd14 = 14,

    /// <summary>Raw IPv4 or IPv6, version from the first nibble.</summary>
    Raw = 101,

    /// <summary>OpenBSD loopback: like <see cref="Null"/> but the family is big-endian.</summary>
    Loop = 108,

    /// <summary>Linux cooked capture v1 (<c>-i any</c>), 16-byte header.</summary>
    LinuxSll = 113,

    /// <summary>Raw IPv4 only.</summary>
    Ipv4 = 228,

    /// <summary>Raw IPv6 only.</summary>
    Ipv6 = 229,

    /// <summary>Linux cooked capture v2 (<c>-i any</c> on newer libpcap), 20-byte header.</summary>
    LinuxSll2 = 276,
}
