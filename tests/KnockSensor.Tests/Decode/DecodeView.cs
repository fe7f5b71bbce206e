using KnockSensor.Decode;

namespace KnockSensor.Tests.Decode;

/// <summary>
/// The fields both decoders can be compared on, as one value with structural equality and a readable form.
/// For <see cref="DecodeStatus.Malformed"/>, <see cref="DecodeStatus.NotIp"/> and
/// <see cref="DecodeStatus.UnsupportedLinkType"/> only the status counts: every other field is left at its default.
/// </summary>
internal readonly record struct DecodeView(
    DecodeStatus Status,
    byte IpVersion = 0,
    PacketAddress Source = default,
    PacketAddress Destination = default,
    byte Protocol = 0,
    ushort SourcePort = 0,
    ushort DestinationPort = 0,
    byte TcpFlags = 0,
    byte IcmpType = 0,
    byte IcmpCode = 0,
    byte VlanCount = 0,
    ushort OuterVlanId = 0,
    ushort InnerVlanId = 0,
    bool ExtraVlanTags = false,
    bool FirstFragment = false)
{
    public static DecodeView Only(DecodeStatus status) => new(status);

    /// <summary>Our decoder's result reduced to the compared fields.</summary>
    public static DecodeView FromOurs(DecodeStatus status, in PortEvent e)
    {
        if (status is DecodeStatus.Malformed or DecodeStatus.NotIp or DecodeStatus.UnsupportedLinkType)
        {
            return Only(status);
        }

        return new DecodeView(
            status,
            e.IpVersion,
            e.Source,
            e.Destination,
            (byte)e.Protocol,
            e.SourcePort,
            e.DestinationPort,
            (byte)e.TcpFlags,
            e.IcmpType,
            e.IcmpCode,
            e.VlanCount,
            e.OuterVlanId,
            e.InnerVlanId,
            (e.Flags & PortEventFlags.ExtraVlanTags) != 0,
            (e.Flags & PortEventFlags.FirstFragment) != 0);
    }

    public override string ToString() => Status switch
    {
        DecodeStatus.Malformed or DecodeStatus.NotIp or DecodeStatus.UnsupportedLinkType => Status.ToString(),
        _ => $"{Status} v{IpVersion} {Source} -> {Destination} proto={Protocol} ports={SourcePort}->{DestinationPort} " +
             $"tcp=0x{TcpFlags:X2} icmp={IcmpType}/{IcmpCode} vlans={VlanCount}[{OuterVlanId},{InnerVlanId}]{(ExtraVlanTags ? "+" : "")}" +
             $"{(FirstFragment ? " first-fragment" : "")}",
    };
}
