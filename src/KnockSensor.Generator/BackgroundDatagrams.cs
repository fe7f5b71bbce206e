namespace KnockSensor.Generator;

/// <summary>
/// Background UDP: DNS lookups through the home resolver (which recurses to the Internet on a cache miss, so answers
/// arrive on ephemeral ports at both hops), NTP polls, QUIC flows to port 443 and mDNS announcements.
/// </summary>
internal sealed class BackgroundDatagrams : IScenarioPiece
{
    private const ushort DnsPort = 53;
    private const ushort NtpPort = 123;
    private const ushort QuicPort = 443;
    private const ushort MdnsPort = 5353;
    private const ulong MdnsMacV4 = 0x01_00_5E_00_00_FBUL;
    private const ulong MdnsMacV6 = 0x33_33_00_00_00_FBUL;

    private static readonly HostAddress[] Upstreams =
    [
        HostAddress.V4(9, 9, 9, 9), HostAddress.V4(1, 1, 1, 1), HostAddress.V4(8, 8, 8, 8),
        HostAddress.V4(198, 41, 0, 4), HostAddress.V4(192, 5, 6, 30),
    ];

    private static readonly HostAddress[] NtpServers =
    [
        HostAddress.V4(162, 159, 200, 1), HostAddress.V4(194, 58, 203, 20), HostAddress.V4(216, 239, 35, 0),
    ];

    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        TrafficMix mix = context.Mix;
        AddSpawner(scheduler, context, random.Fork(1), mix.DnsLookupsPerSecond, DnsLookup);
        AddSpawner(scheduler, context, random.Fork(2), mix.NtpPerSecond, NtpPoll);
        AddSpawner(scheduler, context, random.Fork(3), mix.QuicFlowsPerSecond, QuicFlow);
        AddSpawner(scheduler, context, random.Fork(4), mix.MdnsPerSecond, MdnsAnnouncement);
    }

    private static void AddSpawner(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random, double perSecond, Action<ScriptBuilder, HomeNetwork, DeterministicRandom, long> conversation)
    {
        if (perSecond <= 0)
        {
            return;
        }

        scheduler.Add(new PoissonSpawner(random, context.StartNs, 1e9 / perSecond, (s, t) =>
        {
            var script = new ScriptBuilder();
            conversation(script, context.Network, random, t);
            script.ScheduleOn(s);
        }));
    }

    private static void DnsLookup(ScriptBuilder script, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        HomeHost client = network.Clients[random.Next(network.Clients.Length)];
        HomeHost resolver = network.Dns;
        bool v6 = client.V6 is not null && resolver.V6 is not null && random.Chance(0.25);
        bool sameSegment = client.Vlan == resolver.Vlan;
        var clientEnd = new Endpoint(v6 ? client.V6!.Value : client.V4, client.Mac);
        var resolverEnd = new Endpoint(v6 ? resolver.V6!.Value : resolver.V4, sameSegment ? resolver.Mac : HomeNetwork.RouterMac);
        ushort clientPort = HomeNetwork.EphemeralPort(random);
        uint seed = DnsMessage.MakeSeed(random.Next(DnsMessage.NameCount), random.Chance(0.3), (ushort)random.Next(65536));
        ushort ipId = (ushort)random.Next(65536);
        script.Add(Datagram.Udp(timeNs, clientEnd, clientPort, resolverEnd, DnsPort, client.Vlan, 64, ipId, PayloadKind.DnsQuery, seed: seed));
        long answerAt = timeNs + random.Next(100_000, 900_000);
        if (random.Chance(0.4))
        {
            // Cache miss: the resolver asks upstream from a fresh random port and answers when the reply is in.
            var resolverOut = new Endpoint(resolver.V4, resolver.Mac);
            var upstream = new Endpoint(Upstreams[random.Next(Upstreams.Length)], HomeNetwork.RouterMac);
            ushort upstreamPort = (ushort)random.Next(1024, 65536);
            uint upstreamSeed = (seed & 0xFFFF) | ((uint)random.Next(65536) << 16);
            long asked = timeNs + random.Next(50_000, 300_000);
            long answered = asked + random.Next(5_000_000, 60_000_000);
            script.Add(Datagram.Udp(asked, resolverOut, upstreamPort, upstream, DnsPort, resolver.Vlan, 64, (ushort)random.Next(65536), PayloadKind.DnsQuery, seed: upstreamSeed));
            script.Add(Datagram.Udp(answered, upstream, DnsPort, resolverOut, upstreamPort, resolver.Vlan, (byte)random.Next(50, 60), (ushort)random.Next(65536), PayloadKind.DnsResponse, seed: upstreamSeed));
            answerAt = answered + random.Next(50_000, 300_000);
        }

        script.Add(Datagram.Udp(answerAt, resolverEnd, DnsPort, clientEnd, clientPort, client.Vlan, 64, (ushort)random.Next(65536), PayloadKind.DnsResponse, seed: seed));
    }

    private static void NtpPoll(ScriptBuilder script, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        HomeHost client = network.Hosts[random.Next(network.Hosts.Length)];
        var clientEnd = new Endpoint(client.V4, client.Mac);
        var server = new Endpoint(NtpServers[random.Next(NtpServers.Length)], HomeNetwork.RouterMac);
        ushort clientPort = HomeNetwork.EphemeralPort(random);
        script.Add(Datagram.Udp(timeNs, clientEnd, clientPort, server, NtpPort, client.Vlan, 64, (ushort)random.Next(65536), PayloadKind.NtpRequest));
        long reply = timeNs + random.Next(8_000_000, 80_000_000);
        script.Add(Datagram.Udp(reply, server, NtpPort, clientEnd, clientPort, client.Vlan, (byte)random.Next(50, 60), (ushort)random.Next(65536), PayloadKind.NtpResponse));
    }

    private static void QuicFlow(ScriptBuilder script, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        HomeHost client = network.Clients[random.Next(network.Clients.Length)];
        bool v6 = client.V6 is not null && random.Chance(0.4);
        var clientEnd = new Endpoint(v6 ? client.V6!.Value : client.V4, client.Mac);
        var server = new Endpoint(v6 ? HomeNetwork.RandomOutsideV6(random) : HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
        ushort clientPort = HomeNetwork.EphemeralPort(random);
        long rtt = random.Next(10_000_000, 120_000_000);
        int exchanges = random.Next(2, 8);
        long t = timeNs;
        ushort clientId = (ushort)random.Next(65536);
        ushort serverId = (ushort)random.Next(65536);
        byte serverTtl = (byte)random.Next(40, 60);
        for (int i = 0; i < exchanges; i++)
        {
            // The first client packet of a QUIC connection is padded to 1200 bytes (RFC 9000 §14.1).
            int request = i == 0 ? 1200 : random.Next(30, 300);
            script.Add(Datagram.Udp(t, clientEnd, clientPort, server, QuicPort, client.Vlan, 64, clientId++, PayloadKind.Quic, request, random.NextUInt32()));
            long answer = t + rtt;
            int replies = random.Next(1, 4);
            for (int r = 0; r < replies; r++)
            {
                int length = random.Chance(0.3) ? 1252 : random.Next(40, 400);
                script.Add(Datagram.Udp(answer, server, QuicPort, clientEnd, clientPort, client.Vlan, serverTtl, serverId++, PayloadKind.Quic, length, random.NextUInt32()));
                answer += random.Next(20_000, 300_000);
            }

            t = answer + random.Next(1_000_000, 400_000_000);
        }
    }

    private static void MdnsAnnouncement(ScriptBuilder script, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        HomeHost client = network.Clients[random.Next(network.Clients.Length)];
        bool v6 = client.V6 is not null && random.Chance(0.5);
        var source = new Endpoint(v6 ? client.V6!.Value : client.V4, client.Mac);
        var group = v6
            ? new Endpoint(HostAddress.V6(0xFF02_0000_0000_0000UL, 0xFB), MdnsMacV6)
            : new Endpoint(HostAddress.V4(224, 0, 0, 251), MdnsMacV4);
        uint seed = DnsMessage.MakeSeed(random.Next(DnsMessage.NameCount), v6, 0);
        script.Add(Datagram.Udp(timeNs, source, MdnsPort, group, MdnsPort, client.Vlan, 255, (ushort)random.Next(65536), PayloadKind.DnsResponse, seed: seed));
    }
}
