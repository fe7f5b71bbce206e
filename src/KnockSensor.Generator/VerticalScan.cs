namespace KnockSensor.Generator;

/// <summary>
/// An <c>nmap -sS</c> of the default 1,000 TCP ports against one home host, in nmap's shuffled order from one source
/// port: closed ports answer RST-ACK, open ones SYN-ACK (and the scanner resets them). Noisy, many ports, one
/// source: exactly what a knock detector must not mistake for a knock.
/// </summary>
internal sealed class VerticalScan(HomeHost target, long startNs, long probeIntervalNs, ushort[] openPorts) : IScenarioPiece
{
    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        scheduler.Add(new TimedSpawner([startNs], (s, t) => Scan(s, context, random, t)));
    }

    private void Scan(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random, long timeNs)
    {
        ushort[] ports = NmapTopPorts.Tcp1000.ToArray();
        random.Shuffle(ports.AsSpan());
        var scanner = new Endpoint(HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
        var victim = new Endpoint(target.V4, target.Mac);
        ushort sourcePort = (ushort)random.Next(32768, 65536);
        byte ttl = (byte)random.Next(37, 59);
        uint sequence = random.NextUInt32();
        ushort victimIpId = (ushort)random.Next(65536);
        var script = new ScriptBuilder();
        long t = timeNs;
        long last = t;
        foreach (ushort port in ports)
        {
            script.Add(Datagram.Tcp(t, scanner, sourcePort, victim, port, target.Vlan, ttl, (ushort)random.Next(65536), TcpFlagBits.Syn, sequence, 0, 1024, TcpOptionSet.MssOnly));
            long answer = t + random.Next(150_000, 2_000_000);
            if (Array.IndexOf(openPorts, port) >= 0)
            {
                script.Add(Datagram.Tcp(answer, victim, port, scanner, sourcePort, target.Vlan, 64, victimIpId++, TcpFlagBits.SynAck, random.NextUInt32(), sequence + 1, 64240, TcpOptionSet.MssOnly));
                script.Add(Datagram.Tcp(answer + random.Next(20_000, 200_000), scanner, sourcePort, victim, port, target.Vlan, ttl, (ushort)random.Next(65536), TcpFlagBits.Rst, sequence + 1, 0, 0, TcpOptionSet.None));
            }
            else
            {
                script.Add(Datagram.Tcp(answer, victim, port, scanner, sourcePort, target.Vlan, 64, 0, TcpFlagBits.RstAck, 0, sequence + 1, 0, TcpOptionSet.None));
            }

            last = t;
            t += random.NextLong(probeIntervalNs / 2, (probeIntervalNs * 3 / 2) + 1);
        }

        script.ScheduleOn(scheduler);
        context.Truth.AddScan(new ScanTruth
        {
            Kind = "vertical",
            Source = scanner.Address.ToString(),
            Target = target.V4.ToString(),
            Proto = "tcp",
            Ports = ports.Length,
            Probes = ports.Length,
            Start = TruthTime.Format(timeNs - (timeNs % 1000)),
            End = TruthTime.Format(last - (last % 1000)),
        });
    }
}
