using System.Runtime.InteropServices;

namespace KnockSensor.Generator;

/// <summary>
/// A profile made concrete for one seed: the time span, the background mix, and the pieces (background, radiation,
/// scans, knock doors) with every random choice drawn from the seed, each piece from its own forked stream.
/// </summary>
internal sealed class Scenario
{
    private const long Second = 1_000_000_000L;
    private const string Tcp = "tcp";
    private const string Udp = "udp";

    /// <summary>2026-03-02T09:00:00Z, a Monday morning.</summary>
    private const long SampleStartSeconds = 1_772_442_000;

    /// <summary>2026-03-03T00:00:00Z.</summary>
    private const long DayStartSeconds = 1_772_496_000;

    /// <summary>2026-03-05T14:00:00Z.</summary>
    private const long PaperStartSeconds = 1_772_719_200;

    /// <summary>2026-03-04T00:00:00Z.</summary>
    private const long ThroughputStartSeconds = 1_772_582_400;

    private Scenario(long startNs, long endNs, long targetBytes, TrafficMix mix, List<IScenarioPiece> pieces)
    {
        StartNs = startNs;
        EndNs = endNs;
        TargetBytes = targetBytes;
        Mix = mix;
        Pieces = pieces;
    }

    public long StartNs { get; }

    /// <summary>No conversation starts at or after this time.</summary>
    public long EndNs { get; }

    /// <summary>No conversation starts once the file is this large; 0 for no size limit.</summary>
    public long TargetBytes { get; }

    public TrafficMix Mix { get; }

    public IReadOnlyList<IScenarioPiece> Pieces { get; }

    public static Scenario Create(GeneratorProfile profile, ulong seed, int sizeMb, HomeNetwork network)
    {
        var random = new DeterministicRandom(seed);
        return profile switch
        {
            GeneratorProfile.Sample => Sample(random, network),
            GeneratorProfile.Day => Day(random, network),
            GeneratorProfile.Paper => Paper(random, network),
            _ => Throughput(sizeMb),
        };
    }

    private static List<IScenarioPiece> Background() =>
        [new BackgroundTcpSessions(), new BackgroundDatagrams(), new PingsAndArp(), new InternetBackgroundRadiation()];

    private static Scenario Sample(DeterministicRandom random, HomeNetwork network)
    {
        long start = SampleStartSeconds * Second;
        long end = start + (300 * Second);
        List<IScenarioPiece> pieces = Background();
        DeterministicRandom doors = random.Fork(100);
        var taken = new List<int>();
        pieces.Add(Door(doors, "door-1", network.Bastion, [Tcp, Tcp, Tcp], shell: 22, sourceCount: 1, activations: 5, start + (15 * Second), end - (30 * Second), taken));
        pieces.Add(Door(doors, "door-2", network.Web, [Tcp, Udp, Tcp, Udp], shell: 0, sourceCount: 2, activations: 4, start + (40 * Second), end - (20 * Second), taken));
        pieces.Add(new VerticalScan(network.Mail, start + (120 * Second), 2_000_000, [25, 587, 993]));
        pieces.Add(new HorizontalScan(HostAddress.V4(10, 1, 1, 0), 24, 3389, start + (200 * Second), 12_000_000));
        return new Scenario(start, end, 0, TrafficMix.Home.Scaled(3) with { Transfers = TransferSize.Tiny }, pieces);
    }

    private static Scenario Day(DeterministicRandom random, HomeNetwork network)
    {
        long start = DayStartSeconds * Second;
        long end = start + (86_400 * Second);
        List<IScenarioPiece> pieces = Background();
        DeterministicRandom doors = random.Fork(100);
        var taken = new List<int>();
        pieces.Add(Door(doors, "door-1", network.Bastion, [Tcp, Tcp, Tcp], shell: 22, sourceCount: 1, activations: 5, start + (600 * Second), end - (3600 * Second), taken));
        pieces.Add(Door(doors, "door-2", network.Files, [Tcp, Udp, Udp, Tcp, Tcp], shell: 0, sourceCount: 2, activations: 8, start + (1800 * Second), end - (600 * Second), taken));
        pieces.Add(Door(doors, "door-3", network.Mail, [Udp, Tcp, Udp, Udp, Tcp, Udp, Tcp, Udp], shell: 0, sourceCount: 1, activations: 4, start + (7200 * Second), end - (7200 * Second), taken));
        pieces.Add(Door(doors, "door-4", network.Printer, [Tcp, Tcp, Tcp, Tcp], shell: 0, sourceCount: 3, activations: 6, start + (3600 * Second), end - (1800 * Second), taken, spoofed: true));
        pieces.Add(new VerticalScan(network.Mail, start + (3 * 3600 * Second) + (517 * Second), 3_000_000, [25, 587, 993]));
        pieces.Add(new VerticalScan(network.Bastion, start + (11 * 3600 * Second) + (1234 * Second), 700_000, [22]));
        pieces.Add(new VerticalScan(network.Web, start + (19 * 3600 * Second) + (42 * Second), 15_000_000, [80, 443]));
        pieces.Add(new HorizontalScan(HostAddress.V4(10, 1, 0, 0), 22, 445, start + (7 * 3600 * Second), 5_000_000));
        pieces.Add(new HorizontalScan(HostAddress.V4(10, 1, 2, 0), 24, 23, start + (15 * 3600 * Second), 40_000_000));
        return new Scenario(start, end, 0, TrafficMix.Home.Scaled(0.4) with { Transfers = TransferSize.Small }, pieces);
    }

    /// <summary>
    /// The paper's setting: one outside attacker, one target, five activations of a four-port TCP knock, each followed
    /// by a shell connection to a high port, in an hour of quiet background sized so that counting every TCP and UDP
    /// packet gives about 20 windows of 1000 (dataset 1 had 19,609), so a knock port's support is 5/20 = 0.25, under
    /// the paper's minSupp of 0.3. No scans: the paper's captures had none.
    /// </summary>
    private static Scenario Paper(DeterministicRandom random, HomeNetwork network)
    {
        long start = PaperStartSeconds * Second;
        long end = start + (3600 * Second);
        List<IScenarioPiece> pieces = Background();
        pieces.Add(Door(random.Fork(100), "door-1", network.Bastion, [Tcp, Tcp, Tcp, Tcp], shell: 0, sourceCount: 1, activations: 5, start + (120 * Second), end - (300 * Second), []));
        return new Scenario(start, end, 0, TrafficMix.Home.Scaled(0.85) with { Transfers = TransferSize.Tiny }, pieces);
    }

    private static Scenario Throughput(int sizeMb)
    {
        long start = ThroughputStartSeconds * Second;
        // Sized by bytes, not time: spawning runs until the file reaches the target.
        // QUIC's padded 1200-byte packets would pull the average frame far above the ~110 B the harness wants.
        TrafficMix mix = TrafficMix.Home.Scaled(400) with { Transfers = TransferSize.Tiny };
        return new Scenario(start, long.MaxValue, (long)sizeMb << 20, mix with { QuicFlowsPerSecond = mix.QuicFlowsPerSecond / 3 }, Background());
    }

    /// <summary>
    /// A door with rare knock ports, outside sources, and activations spread one per slot of the span; a
    /// <c>shell</c> of 0 opens a random high port.
    /// </summary>
    private static KnockDoor Door(DeterministicRandom random, string name, HomeHost target, string[] protocols, int shell, int sourceCount, int activations, long fromNs, long toNs, List<int> taken, bool spoofed = false)
    {
        var sequence = new PortTruth[protocols.Length];
        for (int i = 0; i < sequence.Length; i++)
        {
            int port = KnockDoor.RarePort(random, CollectionsMarshal.AsSpan(taken));
            taken.Add(port);
            sequence[i] = new PortTruth(protocols[i], port);
        }

        int shellPort = shell != 0 ? shell : random.Next(40_000, 61_000);
        var sources = new HostAddress[sourceCount];
        for (int i = 0; i < sources.Length; i++)
        {
            sources[i] = HomeNetwork.RandomOutsideV4(random);
        }

        long slot = (toNs - fromNs) / activations;
        long[] times = new long[activations];
        for (int i = 0; i < times.Length; i++)
        {
            long time = fromNs + (i * slot) + random.NextLong(0, (slot * 3 / 5) + 1);
            times[i] = time - (time % 1000);
        }

        return new KnockDoor(name, target, sequence, new PortTruth(Tcp, shellPort), sources, times, spoofed);
    }
}
