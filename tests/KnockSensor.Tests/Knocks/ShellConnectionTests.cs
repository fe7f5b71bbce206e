using KnockSensor.Decode;
using KnockSensor.Knocks;
using KnockSensor.Output;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Knocks;

/// <summary>
/// The door's shell connection as a flow: the source port of the connection the knock let through reaches the
/// reported knock (through the windows' access logs and the tracker), survives a snapshot, and hashes to the
/// Community ID of that exact flow.
/// </summary>
public sealed class ShellConnectionTests
{
    private const long Second = 1_000_000_000L;
    private const long Start = 1_700_000_000L * Second;
    private const ushort Shell = 40404;
    private static readonly KnockItem[] DoorSequence = [KnockItem.Tcp(31337), KnockItem.Udp(4242), KnockItem.Tcp(27015)];
    private static readonly PacketAddress Target = SyntheticTraffic.Host(7);
    private static readonly PacketAddress Knocker = SyntheticTraffic.Outside(7);

    [Fact]
    public void The_knock_carries_the_latest_shell_connection_with_its_source_port_and_community_id()
    {
        var events = Day(seed: 1);

        var knock = Run(events, cutAt: null);

        var shellSyn = LastShellSyn(events);
        Assert.Equal(KnockItem.Tcp(Shell), knock.ShellPort);
        var connection = Assert.NotNull(knock.Connection);
        Assert.Equal(new ShellConnection(Knocker, shellSyn.SourcePort, Target, KnockItem.Tcp(Shell), shellSyn.TimestampNs), connection);
        Assert.Equal(CommunityId.Compute(Knocker, shellSyn.SourcePort, Target, Shell, (byte)IpProtocol.Tcp), CommunityId.Of(connection));
    }

    [Fact]
    public void A_spoofed_door_gets_the_connection_of_the_host_that_opened_the_shell_not_of_a_knock_source()
    {
        var events = new SyntheticTraffic(2)
            .Background(Start, Start + (3600 * Second), perSecond: 20)
            .Door(Target, Knocker, DoorSequence, Shell, Start + (200 * Second), everyNs: 500 * Second, activations: 6, spoofed: true)
            .InTimeOrder();

        var knock = Run(events, cutAt: null);

        var shellSyn = LastShellSyn(events);
        Assert.True(knock.SourceCount >= 15, $"{knock.SourceCount} sources: the knocks came from many spoofed hosts");
        var connection = Assert.NotNull(knock.Connection);
        Assert.Equal(Knocker, connection.Source);
        Assert.Equal(shellSyn.SourcePort, connection.SourcePort);
        Assert.Equal(CommunityId.Compute(Target, Shell, Knocker, shellSyn.SourcePort, (byte)IpProtocol.Tcp), CommunityId.Of(connection));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.55)]
    [InlineData(0.8)]
    public void A_snapshot_taken_anywhere_keeps_the_shell_connection(double cut)
    {
        var events = Day(seed: 3);
        var whole = Run(events, cutAt: null);

        var restored = Run(events, cutAt: (int)(events.Count * cut));

        Assert.NotNull(whole.Connection);
        Assert.Equal(whole, restored with { Sequence = whole.Sequence, Sources = whole.Sources });
        Assert.Equal(whole.Sequence.ToArray(), restored.Sequence.ToArray());
    }

    private static List<PortEvent> Day(int seed) => new SyntheticTraffic(seed)
        .Background(Start, Start + (3600 * Second), perSecond: 20)
        .Door(Target, Knocker, DoorSequence, Shell, Start + (300 * Second), everyNs: 600 * Second, activations: 5)
        .InTimeOrder();

    private static PortEvent LastShellSyn(List<PortEvent> events) =>
        events.Last(static e => e.IsTcpSyn && e.DestinationPort == Shell && e.Source == Knocker && e.Destination == Target);

    /// <summary>Runs the detector over <paramref name="events"/>; with a cut, saves it there and continues in a restored one.</summary>
    private static KnockSequence Run(List<PortEvent> events, int? cutAt)
    {
        var observer = new LatestKnock();
        var detector = new KnockDetector(new KnockDetectorOptions(), observer);
        for (var i = 0; i < events.Count; i++)
        {
            if (i == cutAt)
            {
                using var snapshot = new MemoryStream();
                using (var writer = new BinaryWriter(snapshot, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    detector.WriteState(writer);
                }

                snapshot.Position = 0;
                detector = new KnockDetector(new KnockDetectorOptions(), observer);
                using var reader = new BinaryReader(snapshot);
                detector.ReadState(reader);
                Assert.Equal(snapshot.Length, snapshot.Position);
            }

            detector.Add(events[i]);
        }

        detector.Flush();
        return Assert.Single(observer.Knocks.Values);
    }

    private sealed class LatestKnock : IKnockObserver
    {
        public Dictionary<int, KnockSequence> Knocks { get; } = [];

        public void OnRule(ReportedRule rule)
        {
        }

        public void OnKnock(KnockSequence knock) => Knocks[knock.Id] = knock;
    }
}
