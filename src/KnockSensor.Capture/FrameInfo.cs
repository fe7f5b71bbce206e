namespace KnockSensor.Capture;

/// <summary>
/// What a capture source knows about one frame besides its bytes. A small value passed by <c>in</c> reference
/// on the hot path; it never escapes the callback.
/// </summary>
/// <param name="TimestampNs">Capture time in nanoseconds since the Unix epoch (UTC), whatever the source's resolution.</param>
/// <param name="WireLength">Length of the frame on the wire; the captured bytes may be fewer (snap length).</param>
/// <param name="LinkType">Link-layer header type of the frame's interface.</param>
/// <param name="InterfaceIndex">Index of the interface within the source (pcapng IDB index, or 0).</param>
/// <param name="VlanTci">
/// 802.1Q tag control information that the capturing kernel stripped from the frame and reported beside it
/// (AF_PACKET <c>tp_vlan_tci</c>), or -1 when there is none. File sources always pass -1.
/// </param>
public readonly record struct FrameInfo(long TimestampNs, int WireLength, LinkType LinkType, int InterfaceIndex = 0, int VlanTci = -1);
