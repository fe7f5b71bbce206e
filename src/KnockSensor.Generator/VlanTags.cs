namespace KnockSensor.Generator;

/// <summary>
/// The 802.1Q tags a host's frames carry on the capture trunk: none, one (TPID 0x8100), or an 802.1ad QinQ pair
/// (outer TPID 0x88A8 service tag, inner 0x8100 customer tag). A VLAN id of 0 means "no tag at that level".
/// </summary>
internal readonly record struct VlanTags(ushort Outer, ushort Inner)
{
    public static VlanTags None => default;

    public static VlanTags Single(ushort vlanId) => new(0, vlanId);

    public static VlanTags QinQ(ushort serviceVlan, ushort customerVlan) => new(serviceVlan, customerVlan);
}
