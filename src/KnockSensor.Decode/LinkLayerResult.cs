namespace KnockSensor.Decode;

/// <summary>
/// What the link layer hands to the IP layer: which network layer follows at which offset, or why decoding stops.
/// </summary>
/// <remarks>
/// Returned by value (one register) rather than through <c>out</c> parameters: out-of-line callees taking
/// the caller's locals by reference force those locals onto the stack, and the hot path then pays store-to-load
/// round trips for them on every frame.
/// </remarks>
internal readonly struct LinkLayerResult
{
    // One 64-bit word, not four fields: the JIT assembles a multi-field struct return in memory with narrow stores
    // and reloads it with one wide load (a store-forwarding stall measured at ~5 ns per frame on the cooked and VLAN
    // paths); a single ulong stays in a register. Layout: offset in bits 0-31, network 32-39, status 40-47, reason 48-55.
    private readonly ulong _bits;

    private LinkLayerResult(NetworkLayer network, int networkOffset, DecodeStatus status, MalformedReason reason) =>
        _bits = (uint)networkOffset | ((ulong)network << 32) | ((ulong)status << 40) | ((ulong)reason << 48);

    /// <summary>Offset of the network header in the frame; meaningful when <see cref="Network"/> is not None.</summary>
    public int NetworkOffset => (int)(uint)_bits;

    public NetworkLayer Network => (NetworkLayer)(byte)(_bits >> 32);

    /// <summary>The frame's final status when <see cref="Network"/> is None (NotIp, UnsupportedLinkType or Malformed).</summary>
    public DecodeStatus Status => (DecodeStatus)(byte)(_bits >> 40);

    /// <summary>Why, when <see cref="Status"/> is Malformed.</summary>
    public MalformedReason Reason => (MalformedReason)(byte)(_bits >> 48);

    public static LinkLayerResult NotIp => new(NetworkLayer.None, 0, DecodeStatus.NotIp, MalformedReason.None);

    public static LinkLayerResult UnsupportedLinkType => new(NetworkLayer.None, 0, DecodeStatus.UnsupportedLinkType, MalformedReason.None);

    public static LinkLayerResult Next(NetworkLayer network, int networkOffset) =>
        new(network, networkOffset, DecodeStatus.Transport, MalformedReason.None);

    public static LinkLayerResult Malformed(MalformedReason reason) =>
        new(NetworkLayer.None, 0, DecodeStatus.Malformed, reason);
}
