namespace KnockSensor.Decode;

/// <summary>Facts about a decoded packet that do not fit the other fields.</summary>
[Flags]
public enum PortEventFlags : byte
{
    None = 0,

    /// <summary>The first fragment of a fragmented datagram (offset 0, more fragments follow): ports are present.</summary>
    FirstFragment = 0x01,

    /// <summary>A non-first fragment: no transport header, so no ports (<see cref="DecodeStatus.LaterFragment"/>).</summary>
    LaterFragment = 0x02,

    /// <summary>The frame carried more 802.1Q/802.1ad tags than <see cref="PortEvent"/> records (only the outer two are kept).</summary>
    ExtraVlanTags = 0x04,

    /// <summary>The captured bytes end before the IP payload does (snap length); headers were complete.</summary>
    Truncated = 0x08,
}
