using System.Runtime.CompilerServices;

namespace KnockSensor.Decode;

/// <summary>
/// Ethernet II and the EtherType hand-off shared with the Linux cooked headers: untagged IPv4/IPv6 stays inline,
/// 802.1Q / 802.1ad / legacy QinQ tag stacks are walked out of line with a bounded depth.
/// </summary>
internal static class EthernetDecoder
{
    public const int HeaderLength = 14;
    public const int EtherTypeOffset = 12;
    public const int VlanTagLength = 4;

    /// <summary>
    /// Most tags (kernel-reported one included) the decoder walks. Real networks use one or two; anything deeper
    /// is a hostile or broken stack and is rejected before it can cost more than a few reads.
    /// </summary>
    public const int MaxVlanTags = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NetworkLayer DecodeEthernet(ReadOnlySpan<byte> frame, ref PortEvent portEvent, out int networkOffset, out DecodeStatus status, out MalformedReason reason)
    {
        if (frame.Length < HeaderLength)
        {
            networkOffset = 0;
            status = DecodeStatus.Malformed;
            reason = MalformedReason.TruncatedLinkHeader;
            return NetworkLayer.None;
        }

        return FromEtherType(frame, NetworkOrder.UInt16(frame, EtherTypeOffset), HeaderLength, ref portEvent, out networkOffset, out status, out reason);
    }

    /// <summary>
    /// Decides what follows a header whose EtherType is <paramref name="etherType"/> and whose payload starts at
    /// <paramref name="payloadOffset"/>; walks VLAN tags when the type is a tag protocol identifier.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static NetworkLayer FromEtherType(ReadOnlySpan<byte> frame, ushort etherType, int payloadOffset, ref PortEvent portEvent, out int networkOffset, out DecodeStatus status, out MalformedReason reason)
    {
        networkOffset = payloadOffset;
        reason = MalformedReason.None;
        status = DecodeStatus.Transport;
        if (etherType == EtherTypes.Ipv4)
        {
            return NetworkLayer.Ipv4;
        }

        if (etherType == EtherTypes.Ipv6)
        {
            return NetworkLayer.Ipv6;
        }

        return EtherTypes.IsVlanTag(etherType)
            ? WalkVlanTags(frame, etherType, ref portEvent, ref networkOffset, out status, out reason)
            : NotIp(out status);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static NetworkLayer WalkVlanTags(ReadOnlySpan<byte> frame, ushort etherType, ref PortEvent portEvent, ref int offset, out DecodeStatus status, out MalformedReason reason)
    {
        // The kernel-stripped tag (already recorded by the caller) is the outermost one and counts toward the bound.
        var tags = (int)portEvent.VlanCount;
        while (EtherTypes.IsVlanTag(etherType))
        {
            if (++tags > MaxVlanTags)
            {
                return Malformed(MalformedReason.VlanStackTooDeep, out status, out reason);
            }

            if (frame.Length - offset < VlanTagLength)
            {
                return Malformed(MalformedReason.TruncatedLinkHeader, out status, out reason);
            }

            var vlanId = (ushort)(NetworkOrder.UInt16(frame, offset) & 0x0FFF);
            RecordVlan(ref portEvent, vlanId);
            etherType = NetworkOrder.UInt16(frame, offset + 2);
            offset += VlanTagLength;
        }

        reason = MalformedReason.None;
        status = DecodeStatus.Transport;
        return etherType switch
        {
            EtherTypes.Ipv4 => NetworkLayer.Ipv4,
            EtherTypes.Ipv6 => NetworkLayer.Ipv6,
            _ => NotIp(out status),
        };
    }

    /// <summary>Keeps the outer two VLAN ids; a third or deeper tag only sets <see cref="PortEventFlags.ExtraVlanTags"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RecordVlan(ref PortEvent portEvent, ushort vlanId)
    {
        switch (portEvent.VlanCount)
        {
            case 0:
                portEvent.OuterVlanId = vlanId;
                portEvent.VlanCount = 1;
                break;
            case 1:
                portEvent.InnerVlanId = vlanId;
                portEvent.VlanCount = 2;
                break;
            default:
                portEvent.Flags |= PortEventFlags.ExtraVlanTags;
                break;
        }
    }

    private static NetworkLayer NotIp(out DecodeStatus status)
    {
        // Includes IEEE 802.3 frames, whose "type" is a length below 0x0600 (LLC/SNAP, STP): never IP here.
        status = DecodeStatus.NotIp;
        return NetworkLayer.None;
    }

    private static NetworkLayer Malformed(MalformedReason why, out DecodeStatus status, out MalformedReason reason)
    {
        status = DecodeStatus.Malformed;
        reason = why;
        return NetworkLayer.None;
    }
}
