namespace KnockSensor.Generator;

/// <summary>
/// One source probing one TCP port across a range of home addresses (a worm or a <c>masscan -p</c> sweep). Only the
/// hosts that exist answer, with RST-ACK, or SYN-ACK when they serve the port.
/// </summary>
internal sealed class HorizontalScan(HostAddress network, int prefixLength, ushort port, long startNs, long probeIntervalNs) : IScenarioPiece
{
    private readonly int _addressCount = 1 << (32 - prefixLength);

    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        scheduler.Add(new TimedSpawner([startNs], (s, t) => Scan(s, context, random, t)));
    }

    private void Scan(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random, long timeNs)
    {
        uint[] addresses = new uint[_addressCount];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = network.V4Value + (uint)i;
        }

        random.Shuffle(addresses.AsSpan());
        var scanner = new Endpoint(HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
        ushort sourcePort = (ushort)random.Next(1024, 65536);
        byte ttl = (byte)random.Next(40, 120);
        var script = new ScriptBuilder();
        long t = timeNs;
        long last = t;
        foreach (uint address in addresses)
        {
            HostAddress targetAddress = HostAddress.V4(address);
            HomeHost? host = context.Network.FindByV4(targetAddress);
            var target = new Endpoint(targetAddress, host?.Mac ?? HomeNetwork.BroadcastMac);
            VlanTags vlan = host?.Vlan ?? VlanTags.None;
            uint sequence = random.NextUInt32();
            script.Add(Datagram.Tcp(t, scanner, sourcePort, target, port, vlan, ttl, (ushort)random.Next(65536), TcpFlagBits.Syn, sequence, 0, 65535, TcpOptionSet.None));
            if (host is not null)
            {
                script.Add(Datagram.Tcp(t + random.Next(150_000, 1_500_000), target, port, scanner, sourcePort, vlan, 64, 0, TcpFlagBits.RstAck, 0, sequence + 1, 0, TcpOptionSet.None));
            }

            last = t;
            t += random.NextLong(probeIntervalNs / 2, (probeIntervalNs * 3 / 2) + 1);
        }

        script.ScheduleOn(scheduler);
        context.Truth.AddScan(new ScanTruth
        {
            Kind = "horizontal",
            Source = scanner.Address.ToString(),
            Target = $"{network}/{prefixLength}",
            Proto = "tcp",
            Ports = 1,
            Probes = _addressCount,
            Start = TruthTime.Format(timeNs - (timeNs % 1000)),
            End = TruthTime.Format(last - (last % 1000)),
        });
    }
}
