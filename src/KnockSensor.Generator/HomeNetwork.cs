namespace KnockSensor.Generator;

/// <summary>
/// The monitored network: 10.1.0.0/16 and 2001:db8:1::/48 behind one router, seen on a trunk where one client
/// segment is 802.1Q-tagged and another arrives QinQ-tagged. Servers sit on 10.1.0.0/24, clients on 10.1.1–3.0/24.
/// Everything outside is reached through the router's MAC.
/// </summary>
internal sealed class HomeNetwork
{
    public const ulong RouterMac = 0x00_1B_21_0A_01_01UL;
    public const ulong BroadcastMac = 0xFF_FF_FF_FF_FF_FFUL;

    /// <summary>The monitored prefixes, as the ground truth names them.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["10.1.0.0/16", "2001:db8:1::/48"];

    private const ulong HomeV6Prefix = 0x2001_0db8_0001_0000UL;
    private readonly Dictionary<uint, HomeHost> _byV4 = [];

    public HomeNetwork()
    {
        Router = AddHost("router", 0, 1, withV6: true, VlanTags.None, RouterMac);
        Dns = AddHost("dns", 0, 2, withV6: true, VlanTags.None);
        Web = AddHost("web", 0, 10, withV6: true, VlanTags.None);
        Mail = AddHost("mail", 0, 11, withV6: true, VlanTags.None);
        Bastion = AddHost("ssh", 0, 12, withV6: false, VlanTags.None);
        Database = AddHost("db", 0, 20, withV6: false, VlanTags.None);
        Files = AddHost("files", 0, 21, withV6: false, VlanTags.None);
        Printer = AddHost("printer", 0, 30, withV6: false, VlanTags.None);
        Servers = [Dns, Web, Mail, Bastion, Database, Files, Printer];

        var clients = new List<HomeHost>();
        for (byte i = 10; i < 40; i++)
        {
            clients.Add(AddHost("client", 1, i, withV6: i % 3 != 0, VlanTags.None));
        }

        for (byte i = 10; i < 30; i++)
        {
            clients.Add(AddHost("client", 2, i, withV6: i % 2 == 0, VlanTags.Single(20)));
        }

        for (byte i = 10; i < 18; i++)
        {
            clients.Add(AddHost("client", 3, i, withV6: false, VlanTags.QinQ(100, 30)));
        }

        Clients = [.. clients];
        Hosts = [.. Servers, .. Clients];
    }

    public HomeHost Router { get; }

    public HomeHost Dns { get; }

    public HomeHost Web { get; }

    public HomeHost Mail { get; }

    public HomeHost Bastion { get; }

    public HomeHost Database { get; }

    public HomeHost Files { get; }

    public HomeHost Printer { get; }

    public HomeHost[] Servers { get; }

    public HomeHost[] Clients { get; }

    /// <summary>Servers then clients, in a fixed order.</summary>
    public HomeHost[] Hosts { get; }

    public HomeHost? FindByV4(HostAddress address) => _byV4.GetValueOrDefault(address.V4Value);

    /// <summary>Any address of 10.1.0.0/16 except network and broadcast ones (most have no host).</summary>
    public static HostAddress RandomHomeV4(DeterministicRandom random) =>
        HostAddress.V4(10, 1, (byte)random.Next(0, 256), (byte)random.Next(1, 255));

    /// <summary>A random unicast, globally routable-looking IPv4 address.</summary>
    public static HostAddress RandomOutsideV4(DeterministicRandom random)
    {
        while (true)
        {
            uint address = random.NextUInt32();
            byte first = (byte)(address >> 24);
            byte second = (byte)(address >> 16);
            bool reserved = first is 0 or 10 or 127 or >= 224
                || (first == 100 && second is >= 64 and < 128)
                || (first == 169 && second == 254)
                || (first == 172 && second is >= 16 and < 32)
                || (first == 192 && second == 168);
            if (!reserved && (byte)address is not (0 or 255))
            {
                return HostAddress.V4(address);
            }
        }
    }

    /// <summary>An outside IPv6 address (documentation space beyond the home /48).</summary>
    public static HostAddress RandomOutsideV6(DeterministicRandom random) =>
        HostAddress.V6(0x2001_0db8_8000_0000UL | (random.NextUInt64() & 0x7FFF_FFFF), random.NextUInt64() | 1);

    /// <summary>A Linux ephemeral port (net.ipv4.ip_local_port_range 32768–60999).</summary>
    public static ushort EphemeralPort(DeterministicRandom random) => (ushort)random.Next(32768, 61000);

    private HomeHost AddHost(string role, byte subnet, byte host, bool withV6, VlanTags vlan, ulong mac = 0)
    {
        HostAddress v4 = HostAddress.V4(10, 1, subnet, host);
        HostAddress? v6 = withV6 ? HostAddress.V6(HomeV6Prefix | subnet, host) : null;
        // Locally administered MACs that spell the IPv4 address: 02:00:0a:01:<subnet>:<host>.
        ulong hostMac = mac != 0 ? mac : 0x02_00_0A_01_00_00UL | ((ulong)subnet << 8) | host;
        var created = new HomeHost(role, v4, v6, hostMac, vlan);
        _byV4.Add(v4.V4Value, created);
        return created;
    }
}
