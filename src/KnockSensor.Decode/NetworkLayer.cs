namespace KnockSensor.Decode;

/// <summary>What the link layer says follows its header; the decoder's hand-off from link layer to IP.</summary>
internal enum NetworkLayer : byte
{
    /// <summary>Not IP (or the link layer rejected the frame): decoding stops.</summary>
    None = 0,
    Ipv4,
    Ipv6,

    /// <summary>Raw IP links: the version nibble of the first byte decides.</summary>
    FromVersionNibble,
}
