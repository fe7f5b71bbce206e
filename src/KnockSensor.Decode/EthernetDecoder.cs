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
    public static LinkLayerResult DecodeEthernet(ReadOnlySpan<byte> frame, ref PortEvent portEvent)
    {
        if (frame.Length < HeaderLength)
        {
            return LinkLayerResult.Malformed(MalformedReason.TruncatedLinkHeader);
        }

        return FromEtherType(frame, NetworkOrder.UInt16(frame, EtherTypeOffset), HeaderLength, ref portEvent);
    }

    /// <summary>
    /// Decides what follows a header whose EtherType is <paramref name="etherType"/> and whose payload starts at
    /// <paramref name="payloadOffset"/>; walks VLAN tags when the type is a tag protocol identifier.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static LinkLayerResult FromEtherType(ReadOnlySpan<byte> frame, ushort etherType, int payloadOffset, ref PortEvent portEvent)
    {
        if (etherType == EtherTypes.Ipv4)
        {
            return LinkLayerResult.Next(NetworkLayer.Ipv4, payloadOffset);
        }

        if (etherType == EtherTypes.Ipv6)
        {
            return LinkLayerResult.Next(NetworkLayer.Ipv6, payloadOffset);
        }

        // Anything else, IEEE 802.3 frames included (their "type" is a length below 0x0600: LLC/SNAP, STP), is not IP.
        return EtherTypes.IsVlanTag(etherType)
            ? WalkVlanTags(frame, etherType, payloadOffset, ref portEvent)
            : LinkLayerResult.NotIp;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static LinkLayerResult WalkVlanTags(ReadOnlySpan<byte> frame, ushort etherType, int offset, ref PortEvent portEvent)
    {
        // The kernel-stripped tag (already recorded by the caller) is the outermost one and counts toward the bound.
        var tags = (int)portEvent.VlanCount;
        while (EtherTypes.IsVlanTag(etherType))
        {
            if (++tags > MaxVlanTags)
            {
                return LinkLayerResult.Malformed(MalformedReason.VlanStackTooDeep);
            }

            if (frame.Length - offset < VlanTagLength)
            {
                return LinkLayerResult.Malformed(MalformedReason.TruncatedLinkHeader);
            }

            var vlanId = (ushort)(NetworkOrder.UInt16(frame, offset) & 0x0FFF);
            RecordVlan(ref portEvent, vlanId);
            etherType = NetworkOrder.UInt16(frame, offset + 2);
            offset += VlanTagLength;
        }

        return etherType switch
        {
            EtherTypes.Ipv4 => LinkLayerResult.Next(NetworkLayer.Ipv4, offset),
            EtherTypes.Ipv6 => LinkLayerResult.Next(NetworkLayer.Ipv6, offset),
            _ => LinkLayerResult.NotIp,
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
}
