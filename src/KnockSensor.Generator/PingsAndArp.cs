namespace KnockSensor.Generator;

/// <summary>
/// Housekeeping traffic: ICMP echo (a client pinging the Internet, over IPv6 when it can, or the router pinging a
/// server) and ARP resolution between hosts of one segment.
/// </summary>
internal sealed class PingsAndArp : IScenarioPiece
{
    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        TrafficMix mix = context.Mix;
        if (mix.PingsPerSecond > 0)
        {
            DeterministicRandom pings = random.Fork(1);
            scheduler.Add(new PoissonSpawner(pings, context.StartNs, 1e9 / mix.PingsPerSecond, (s, t) => Ping(s, context.Network, pings, t)));
        }

        if (mix.ArpPerSecond > 0)
        {
            DeterministicRandom arp = random.Fork(2);
            scheduler.Add(new PoissonSpawner(arp, context.StartNs, 1e9 / mix.ArpPerSecond, (s, t) => Arp(s, context.Network, arp, t)));
        }
    }

    private static void Ping(TrafficScheduler scheduler, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        var script = new ScriptBuilder();
        Endpoint pinger;
        Endpoint target;
        VlanTags vlan;
        long rtt;
        byte replyTtl;
        if (random.Chance(0.7))
        {
            HomeHost client = network.Clients[random.Next(network.Clients.Length)];
            bool v6 = client.V6 is not null && random.Chance(0.4);
            pinger = new Endpoint(v6 ? client.V6!.Value : client.V4, client.Mac);
            target = new Endpoint(v6 ? HomeNetwork.RandomOutsideV6(random) : HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
            vlan = client.Vlan;
            rtt = random.Next(5_000_000, 150_000_000);
            replyTtl = (byte)random.Next(40, 60);
        }
        else
        {
            HomeHost server = network.Servers[random.Next(network.Servers.Length)];
            pinger = new Endpoint(network.Router.V4, network.Router.Mac);
            target = new Endpoint(server.V4, server.Mac);
            vlan = server.Vlan;
            rtt = random.Next(100_000, 800_000);
            replyTtl = 64;
        }

        ushort identifier = (ushort)random.Next(1, 65536);
        ushort ipId = (ushort)random.Next(65536);
        int count = random.Next(1, 5);
        for (ushort sequence = 1; sequence <= count; sequence++)
        {
            long sent = timeNs + ((sequence - 1) * 1_000_000_000L) + random.Next(0, 2_000_000);
            script.Add(Datagram.Echo(sent, true, pinger, target, vlan, 64, ipId++, identifier, sequence));
            script.Add(Datagram.Echo(sent + rtt, false, target, pinger, vlan, replyTtl, (ushort)random.Next(65536), identifier, sequence));
        }

        script.ScheduleOn(scheduler);
    }

    private static void Arp(TrafficScheduler scheduler, HomeNetwork network, DeterministicRandom random, long timeNs)
    {
        // Hosts resolve only neighbours on their own segment; untagged hosts mostly ask for the router.
        HomeHost asker = network.Hosts[random.Next(network.Hosts.Length)];
        HomeHost target;
        if (asker.Vlan == VlanTags.None && asker != network.Router && random.Chance(0.5))
        {
            target = network.Router;
        }
        else
        {
            HomeHost[] neighbours = Array.FindAll(network.Hosts, h => h.Vlan == asker.Vlan && h != asker);
            target = neighbours[random.Next(neighbours.Length)];
        }

        var script = new ScriptBuilder();
        script.Add(Datagram.Arp(timeNs, true, asker, target));
        script.Add(Datagram.Arp(timeNs + random.Next(50_000, 500_000), false, target, asker));
        script.ScheduleOn(scheduler);
    }
}
