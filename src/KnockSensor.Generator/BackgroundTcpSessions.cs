namespace KnockSensor.Generator;

/// <summary>
/// Ordinary TCP sessions: handshake, one or more request/response rounds, FIN close; a few refused (RST) or
/// unanswered (SYN retransmissions). Service ports follow a skewed popularity, most of it HTTPS.
/// </summary>
internal sealed class BackgroundTcpSessions : IScenarioPiece
{
    private static readonly WeightedTable<ServiceFlow> Services = new(
        (new ServiceFlow(FlowDirection.Outbound, 443, ApplicationStyle.Tls), 50),
        (new ServiceFlow(FlowDirection.Outbound, 80, ApplicationStyle.Http), 12),
        (new ServiceFlow(FlowDirection.Outbound, 993, ApplicationStyle.Tls), 3),
        (new ServiceFlow(FlowDirection.Outbound, 8080, ApplicationStyle.Http), 2),
        (new ServiceFlow(FlowDirection.Outbound, 22, ApplicationStyle.Opaque), 2),
        (new ServiceFlow(FlowDirection.Outbound, 587, ApplicationStyle.Text), 1),
        (new ServiceFlow(FlowDirection.Outbound, 5222, ApplicationStyle.Tls), 1),
        (new ServiceFlow(FlowDirection.Outbound, 853, ApplicationStyle.Tls), 1),
        (new ServiceFlow(FlowDirection.Inbound, 443, ApplicationStyle.Tls, static n => n.Web), 12),
        (new ServiceFlow(FlowDirection.Inbound, 80, ApplicationStyle.Http, static n => n.Web), 6),
        (new ServiceFlow(FlowDirection.Inbound, 25, ApplicationStyle.Text, static n => n.Mail), 5),
        (new ServiceFlow(FlowDirection.Inbound, 993, ApplicationStyle.Tls, static n => n.Mail), 2),
        (new ServiceFlow(FlowDirection.Inbound, 22, ApplicationStyle.Opaque, static n => n.Bastion), 3),
        (new ServiceFlow(FlowDirection.Internal, 3306, ApplicationStyle.Opaque, static n => n.Database), 6),
        (new ServiceFlow(FlowDirection.Internal, 5432, ApplicationStyle.Opaque, static n => n.Database), 1),
        (new ServiceFlow(FlowDirection.Internal, 445, ApplicationStyle.Opaque, static n => n.Files), 3),
        (new ServiceFlow(FlowDirection.Internal, 139, ApplicationStyle.Opaque, static n => n.Files), 1),
        (new ServiceFlow(FlowDirection.Internal, 22, ApplicationStyle.Opaque, static n => n.Bastion), 2),
        (new ServiceFlow(FlowDirection.Internal, 53, ApplicationStyle.Dns, static n => n.Dns), 1),
        (new ServiceFlow(FlowDirection.Internal, 9100, ApplicationStyle.Opaque, static n => n.Printer), 1),
        (new ServiceFlow(FlowDirection.Internal, 8080, ApplicationStyle.Http, static n => n.Web), 1));

    private static readonly WeightedTable<int> ResponseBytes = new((400, 20), (1_500, 25), (5_000, 25), (16_000, 18), (64_000, 9), (250_000, 3));

    private static readonly WeightedTable<int> SmallResponseBytes = new((60, 30), (300, 35), (900, 20), (2_500, 12), (9_000, 3));

    private static readonly WeightedTable<int> TinyResponseBytes = new((40, 40), (120, 30), (300, 20), (1_200, 10));

    public void Start(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random)
    {
        if (context.Mix.TcpSessionsPerSecond <= 0)
        {
            return;
        }

        scheduler.Add(new PoissonSpawner(random, context.StartNs, 1e9 / context.Mix.TcpSessionsPerSecond, (s, t) => Session(s, context, random, t)));
    }

    private static void Session(TrafficScheduler scheduler, ScenarioContext context, DeterministicRandom random, long timeNs)
    {
        HomeNetwork network = context.Network;
        ServiceFlow service = Services.Pick(random);
        Endpoint client;
        Endpoint server;
        VlanTags vlan;
        long rtt;
        byte clientTtl = 64;
        byte serverTtl = 64;
        switch (service.Direction)
        {
            case FlowDirection.Outbound:
                {
                    HomeHost home = network.Clients[random.Next(network.Clients.Length)];
                    bool v6 = home.V6 is not null && random.Chance(0.35);
                    client = new Endpoint(v6 ? home.V6!.Value : home.V4, home.Mac);
                    server = new Endpoint(v6 ? HomeNetwork.RandomOutsideV6(random) : HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
                    vlan = home.Vlan;
                    rtt = random.Next(8_000_000, 160_000_000);
                    serverTtl = (byte)random.Next(40, 60);
                    break;
                }

            case FlowDirection.Inbound:
                {
                    HomeHost home = service.Server!(network);
                    bool v6 = home.V6 is not null && random.Chance(0.3);
                    client = new Endpoint(v6 ? HomeNetwork.RandomOutsideV6(random) : HomeNetwork.RandomOutsideV4(random), HomeNetwork.RouterMac);
                    server = new Endpoint(v6 ? home.V6!.Value : home.V4, home.Mac);
                    vlan = home.Vlan;
                    rtt = random.Next(8_000_000, 200_000_000);
                    clientTtl = (byte)random.Next(40, 120);
                    break;
                }

            default:
                {
                    HomeHost home = service.Server!(network);
                    HomeHost peer = service.Port is 3306 or 5432 ? network.Web : network.Clients[random.Next(network.Clients.Length)];
                    // A peer on another VLAN is reached through the router: the trunk sees the router's MAC as its peer.
                    bool sameSegment = peer.Vlan == home.Vlan;
                    client = new Endpoint(peer.V4, peer.Mac);
                    server = new Endpoint(home.V4, sameSegment ? home.Mac : HomeNetwork.RouterMac);
                    vlan = peer.Vlan;
                    rtt = random.Next(150_000, 1_500_000);
                    break;
                }
        }

        var script = new ScriptBuilder();
        var tcp = new TcpConversation(script, random, client, HomeNetwork.EphemeralPort(random), server, service.Port, vlan, clientTtl, serverTtl);
        int outcome = random.Next(100);
        if (outcome < 4)
        {
            // Nothing listening: the server resets.
            long syn = tcp.Segment(true, timeNs, TcpFlagBits.Syn, options: TcpOptionSet.LinuxSyn);
            tcp.Segment(false, syn + rtt, TcpFlagBits.RstAck);
        }
        else if (outcome < 6 && service.Direction == FlowDirection.Outbound)
        {
            // A silent server: the client retransmits its SYN after 1 s and 3 s, then gives up.
            tcp.Segment(true, timeNs, TcpFlagBits.Syn, options: TcpOptionSet.LinuxSyn);
            tcp.RetransmitSyn(timeNs + 1_000_000_000);
            tcp.RetransmitSyn(timeNs + 3_000_000_000);
        }
        else
        {
            Exchange(tcp, random, service.Style, context.Mix.Transfers, timeNs, rtt);
        }

        script.ScheduleOn(scheduler);
    }

    private static void Exchange(TcpConversation tcp, DeterministicRandom random, ApplicationStyle style, TransferSize size, long timeNs, long rtt)
    {
        long t = tcp.Handshake(timeNs, rtt);
        int rounds = random.Chance(0.3) ? random.Next(2, 5) : 1;
        for (int round = 0; round < rounds; round++)
        {
            t += tcp.Jitter();
            WeightedTable<int> table = size switch
            {
                TransferSize.Small => SmallResponseBytes,
                TransferSize.Tiny => TinyResponseBytes,
                _ => ResponseBytes,
            };
            int response = table.Pick(random);
            response = random.Next(response / 2, response + 1);
            uint seed = random.NextUInt32();
            switch (style)
            {
                case ApplicationStyle.Http:
                    t = tcp.Segment(true, t, TcpFlagBits.PshAck, PayloadKind.HttpRequest, seed: seed);
                    t = tcp.Stream(false, t + rtt, rtt, PayloadKind.HttpResponse, HttpText.ResponseLength(response), (uint)response);
                    break;
                case ApplicationStyle.Dns:
                    uint dnsSeed = DnsMessage.MakeSeed(random.Next(DnsMessage.NameCount), random.Chance(0.3), (ushort)random.Next(65536));
                    t = tcp.Segment(true, t, TcpFlagBits.PshAck, PayloadKind.DnsQuery, seed: dnsSeed);
                    t = tcp.Segment(false, t + rtt, TcpFlagBits.PshAck, PayloadKind.DnsResponse, seed: dnsSeed);
                    break;
                default:
                    PayloadKind kind = style switch
                    {
                        ApplicationStyle.Tls => PayloadKind.TlsRecord,
                        ApplicationStyle.Text => PayloadKind.Text,
                        _ => PayloadKind.Opaque,
                    };
                    int request = size == TransferSize.Normal ? random.Next(40, 700) : random.Next(20, 200);
                    t = tcp.Stream(true, t, rtt, kind, request, seed);
                    t = tcp.Stream(false, t + (rtt / 2), rtt, kind, response, seed ^ 0x9E37_79B9u);
                    break;
            }
        }

        tcp.Close(random.Chance(0.7), t + tcp.Jitter(), rtt);
    }
}
