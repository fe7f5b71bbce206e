namespace KnockSensor.Generator;

/// <summary>
/// Unsolicited traffic from the Internet: worm and botnet probes (SYNs to telnet, SMB, RDP and friends, UDP to SIP,
/// SSDP and the like, echo requests) sprayed over the whole /16, most of it at addresses with no host; and
/// backscatter, the SYN-ACKs and RSTs of victims of spoofed floods, arriving on random ports.
/// </summary>
internal sealed class InternetBackgroundRadiation : IScenarioPiece
{
    private static readonly WeightedTable<int> TcpProbePorts = new(
        (23, 30), (445, 14), (22, 12), (3389, 8), (80, 8), (8080, 5), (2323, 4), (1433, 3), (5555, 3), (443, 3),
        (6379, 2), (3306, 2), (8443, 2), (81, 2), (5900, 2), (37215, 1), (52869, 1), (9200, 1), (8888, 1), (7547, 2));

    private static readonly WeightedTable<int> UdpProbePorts = new(
        (5060, 6), (1900, 4), (123, 3), (161, 3), (53, 3), (11211, 1), (389, 1), (19, 1), (3702, 1));

    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        TrafficMix mix = context.Mix;
        if (mix.IbrProbesPerSecond > 0)
        {
            DeterministicRandom probes = random.Fork(1);
            scheduler.Add(new PoissonSpawner(probes, context.StartNs, 1e9 / mix.IbrProbesPerSecond, (s, t) => Probe(s, context.Network, probes, t)));
        }

        if (mix.BackscatterPerSecond > 0)
        {
            DeterministicRandom backscatter = random.Fork(2);
            scheduler.Add(new PoissonSpawner(backscatter, context.StartNs, 1e9 / mix.BackscatterPerSecond, (s, t) => Backscatter(s, backscatter, t)));
        }
    }

    private static void Probe(TrafficScheduler scheduler, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        var script = new ScriptBuilder();
        var prober = new Endpoint(HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
        HostAddress targetAddress = HomeNetwork.RandomHomeV4(random);
        HomeHost? host = network.FindByV4(targetAddress);
        // Frames to an address without a host still cross the trunk (the router floods them after a failed ARP).
        var target = new Endpoint(targetAddress, host?.Mac ?? HomeNetwork.BroadcastMac);
        VlanTags vlan = host?.Vlan ?? VlanTags.None;
        byte ttl = (byte)random.Next(30, 120);
        ushort ipId = (ushort)random.Next(65536);
        int kind = random.Next(100);
        if (kind < 70)
        {
            // Mostly masscan/zmap style: a bare SYN from a fixed port, no options; a few probes hit a random port.
            ushort port = (ushort)(random.Chance(0.05) ? random.Next(1, 65536) : TcpProbePorts.Pick(random));
            ushort sourcePort = random.Chance(0.5) ? (ushort)random.Next(1024, 65536) : (ushort)54321;
            script.Add(Datagram.Tcp(timeNs, prober, sourcePort, target, port, vlan, ttl, ipId, TcpFlagBits.Syn, random.NextUInt32(), 0, 65535, TcpOptionSet.None));
        }
        else if (kind < 92)
        {
            // DNS and NTP probes are well-formed requests (open-resolver and amplification checks); the rest is junk.
            ushort port = (ushort)UdpProbePorts.Pick(random);
            uint seed = DnsMessage.MakeSeed(random.Next(DnsMessage.NameCount), false, (ushort)random.Next(65536));
            PayloadKind payload = port switch
            {
                53 => PayloadKind.DnsQuery,
                123 => PayloadKind.NtpRequest,
                _ => PayloadKind.Opaque,
            };
            script.Add(Datagram.Udp(timeNs, prober, (ushort)random.Next(1024, 65536), target, port, vlan, ttl, ipId, payload, random.Next(0, 120), seed));
        }
        else
        {
            ushort identifier = (ushort)random.Next(65536);
            script.Add(Datagram.Echo(timeNs, true, prober, target, vlan, ttl, ipId, identifier, 1));
            if (host is not null)
            {
                script.Add(Datagram.Echo(timeNs + random.Next(100_000, 900_000), false, target, prober, vlan, 64, (ushort)random.Next(65536), identifier, 1));
            }
        }

        script.ScheduleOn(scheduler);
    }

    private static void Backscatter(TrafficScheduler scheduler, DeterministicRandom random, long timeNs)
    {
        // A flood victim answers the spoofed SYN that named one of our addresses: SYN-ACK (open port) or RST-ACK,
        // to whatever source port the attacker made up.
        var script = new ScriptBuilder();
        var victim = new Endpoint(HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
        var spoofed = new Endpoint(HomeNetwork.RandomHomeV4(random), HomeNetwork.BroadcastMac);
        ushort victimPort = random.Chance(0.6) ? (ushort)(random.Chance(0.7) ? 80 : 443) : (ushort)random.Next(1, 65536);
        TcpFlagBits flags = random.Chance(0.6) ? TcpFlagBits.SynAck : TcpFlagBits.RstAck;
        int repeats = flags == TcpFlagBits.SynAck ? random.Next(1, 4) : 1;
        ushort spoofedPort = (ushort)random.Next(1024, 65536);
        uint sequence = random.NextUInt32();
        uint acknowledgment = random.NextUInt32();
        byte ttl = (byte)random.Next(40, 60);
        ushort ipId = (ushort)random.Next(65536);
        for (int i = 0; i < repeats; i++)
        {
            // SYN-ACK retransmissions back off: 1 s, then 2 s later.
            long t = timeNs + (i == 0 ? 0 : (1L << (i - 1)) * 1_000_000_000L);
            script.Add(Datagram.Tcp(t, victim, victimPort, spoofed, spoofedPort, VlanTags.None, ttl, ipId++, flags, sequence, acknowledgment, 29200, flags == TcpFlagBits.SynAck ? TcpOptionSet.MssOnly : TcpOptionSet.None));
        }

        script.ScheduleOn(scheduler);
    }
}
