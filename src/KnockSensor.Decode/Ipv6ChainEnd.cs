namespace KnockSensor.Decode;

/// <summary>
/// Where an IPv6 extension-header chain ended: the transport protocol and its offset, or the status that ends
/// decoding there (a later fragment, or a malformed chain). Returned by value so that the inlined fixed-header code
/// keeps its locals in registers (see <see cref="LinkLayerResult"/>).
/// </summary>
internal readonly struct Ipv6ChainEnd
{
    // One 64-bit word for the reason given in LinkLayerResult. Layout: header end in bits 0-31, next header 32-39,
    // first-fragment 40, status 48-55.
    private readonly ulong _bits;

    private Ipv6ChainEnd(DecodeStatus status, byte nextHeader, int headerEnd, bool isFirstFragment) =>
        _bits = (uint)headerEnd | ((ulong)nextHeader << 32) | (isFirstFragment ? 1UL << 40 : 0) | ((ulong)status << 48);

    /// <summary>Offset of the transport header in the IPv6 packet.</summary>
    public int HeaderEnd => (int)(uint)_bits;

    /// <summary>The protocol after the last extension header.</summary>
    public byte NextHeader => (byte)(_bits >> 32);

    /// <summary>A fragment header with offset 0 and More Fragments set was passed.</summary>
    public bool IsFirstFragment => ((_bits >> 40) & 1) != 0;

    /// <summary><see cref="DecodeStatus.Transport"/> when a transport header follows; otherwise the frame's final status.</summary>
    public DecodeStatus Status => (DecodeStatus)(byte)(_bits >> 48);

    public static Ipv6ChainEnd Transport(byte nextHeader, int headerEnd, bool isFirstFragment) =>
        new(DecodeStatus.Transport, nextHeader, headerEnd, isFirstFragment);

    public static Ipv6ChainEnd Stop(DecodeStatus status) => new(status, 0, 0, false);
}
