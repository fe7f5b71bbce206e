namespace KnockSensor.Generator;

/// <summary>A host inside the monitored network: its addresses, MAC and the tags its frames carry on the trunk.</summary>
internal sealed class HomeHost(string role, HostAddress v4, HostAddress? v6, ulong mac, VlanTags vlan)
{
    public string Role { get; } = role;

    public HostAddress V4 { get; } = v4;

    public HostAddress? V6 { get; } = v6;

    public ulong Mac { get; } = mac;

    public VlanTags Vlan { get; } = vlan;
}
