namespace KnockSensor.Generator;

/// <summary>
/// A knockd-style door on a home host. Each activation sends the ordered knock from one outside source (a bare SYN
/// per TCP port, as <c>knock</c> does with a non-blocking connect, or an empty UDP datagram), with no answer since
/// the firewall drops them; a moment after the last knock the same source opens a TCP session to the shell port.
/// A spoofing door sends every knock from a different random address (knockd only checks the ports), and only the
/// shell connection comes from the real source.
/// </summary>
internal sealed class KnockDoor(string name, HomeHost target, PortTruth[] sequence, PortTruth shellPort, HostAddress[] sources, long[] activationTimesNs, bool spoofed) : IScenarioPiece
{
    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        GroundTruthRecorder.DoorRecord door = context.Truth.AddDoor(name, target.V4, sequence, shellPort, spoofed);
        int activation = 0;
        scheduler.Add(new TimedSpawner(activationTimesNs, (s, t) => Activate(s, door, random, sources[activation++ % sources.Length], t)));
    }

    /// <summary>A port for a knock: above 1023, below the ephemeral range, not a port background or scans use.</summary>
    public static int RarePort(DeterministicRandom random, ReadOnlySpan<int> taken)
    {
        while (true)
        {
            int port = random.Next(1024, 32768);
            if (NmapTopPorts.Tcp1000.IndexOf((ushort)port) < 0 && !taken.Contains(port))
            {
                return port;
            }
        }
    }

    private void Activate(TrafficScheduler scheduler, GroundTruthRecorder.DoorRecord door, DeterministicRandom random, HostAddress sourceAddress, long timeNs)
    {
        var script = new ScriptBuilder();
        var source = new Endpoint(sourceAddress, HomeNetwork.RouterMac);
        var knockSources = new HostAddress[sequence.Length];
        var home = new Endpoint(target.V4, target.Mac);
        byte ttl = (byte)random.Next(44, 58);
        ushort ipId = (ushort)random.Next(65536);
        long t = timeNs;
        long first = 0;
        long last = 0;
        for (int i = 0; i < sequence.Length; i++)
        {
            PortTruth knock = sequence[i];
            Endpoint knocker = spoofed ? new Endpoint(HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac) : source;
            knockSources[i] = knocker.Address;
            ushort sourcePort = HomeNetwork.EphemeralPort(random);
            PacketSpec packet = knock.Proto == "udp"
                ? Datagram.Udp(t, knocker, sourcePort, home, (ushort)knock.Port, target.Vlan, ttl, ipId++, PayloadKind.None)
                : Datagram.Tcp(t, knocker, sourcePort, home, (ushort)knock.Port, target.Vlan, ttl, ipId++, TcpFlagBits.Syn, random.NextUInt32(), 0, 64240, TcpOptionSet.LinuxSyn);
            last = script.Add(packet);
            if (i == 0)
            {
                first = last;
            }

            t += random.Next(150_000_000, 1_200_000_000);
        }

        long shellAt = last + random.Next(300_000_000, 2_000_000_000);
        var tcp = new TcpConversation(script, random, source, HomeNetwork.EphemeralPort(random), home, (ushort)shellPort.Port, target.Vlan, ttl, 64);
        long rtt = random.Next(20_000_000, 120_000_000);
        long shellSyn = shellAt - (shellAt % 1000);
        long u = tcp.Handshake(shellAt, rtt);
        int rounds = random.Next(3, 12);
        for (int round = 0; round < rounds; round++)
        {
            u += random.NextLong(100_000_000, 3_000_000_000);
            uint seed = random.NextUInt32();
            u = tcp.Stream(true, u, rtt, PayloadKind.Opaque, random.Next(40, 200), seed);
            u = tcp.Stream(false, u + (rtt / 2), rtt, PayloadKind.Opaque, random.Next(60, 3000), seed ^ 0x5bd1_e995u);
        }

        tcp.Close(true, u + tcp.Jitter(), rtt);
        script.ScheduleOn(scheduler);
        door.AddActivation(sourceAddress, knockSources, first, last, shellSyn);
    }
}
