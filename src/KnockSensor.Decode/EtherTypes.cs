namespace KnockSensor.Decode;

/// <summary>The EtherType values the decoder acts on.</summary>
internal static class EtherTypes
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Ipv6 = 0x86DD;

    /// <summary>IEEE 802.1Q customer tag.</summary>
    public const ushort Vlan8021Q = 0x8100;

    /// <summary>IEEE 802.1ad service tag (QinQ outer tag).</summary>
    public const ushort Vlan8021AD = 0x88A8;

    /// <summary>Pre-standard QinQ tag some switches still send.</summary>
    public const ushort VlanLegacyQinQ = 0x9100;

    /// <summary>Values below this in the EtherType position are IEEE 802.3 length fields, not types.</summary>
    public const ushort MinimumEtherType = 0x0600;

    public static bool IsVlanTag(ushort etherType) =>
        etherType is Vlan8021Q or Vlan8021AD or VlanLegacyQinQ;
}
