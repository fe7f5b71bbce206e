using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

public sealed class KeepKnocksWholeTests
{
    private const long Second = 1_000_000_000L;
    private static readonly PacketAddress Door = PacketAddress.FromIPv4(0x0A000007);

    [Fact]
    public void A_knock_across_a_window_boundary_stays_in_one_window_and_plain_windows_split_it()
    {
        var events = KnockAcrossBoundary();

        var whole = Windows(new WindowingOptions { WindowSize = 10, ScannerDistinctItems = 0 }, events);
        var plain = Windows(new WindowingOptions { WindowSize = 10, ScannerDistinctItems = 0, KeepKnocksWhole = false }, events);

        Assert.Single(whole, w => w.IsSupersetOf(Knock));
        Assert.DoesNotContain(plain, w => w.IsSupersetOf(Knock));
    }

    [Fact]
    public void A_knock_on_a_host_flooded_by_another_source_stays_in_one_window()
    {
        // The door's host takes 1,000 accesses a second from one client; the knock's three packets are 100 ms apart,
        // so 200 accesses (four windows of 50) pass between its first and last packet.
        var flooder = PacketAddress.FromIPv4(0xC0000263);
        var events = new List<PortEvent>();
        for (var i = 0; i < 2000; i++)
        {
            var flood = Access(Door, 80, i * 1_000_000L);
            flood.Source = flooder;
            events.Add(flood);
        }

        events.Add(Access(Door, 7000, 500_000_500L));
        events.Add(Access(Door, 8000, 600_000_500L));
        events.Add(Access(Door, 9000, 700_000_500L));
        events.Sort(static (a, b) => a.TimestampNs.CompareTo(b.TimestampNs));

        var whole = Windows(new WindowingOptions { WindowSize = 50, ScannerDistinctItems = 0 }, events);
        var plain = Windows(new WindowingOptions { WindowSize = 50, ScannerDistinctItems = 0, KeepKnocksWhole = false }, events);

        Assert.Single(whole, w => w.IsSupersetOf(Knock));
        Assert.Equal(3, plain.Count(w => w.Overlaps(Knock)));
    }

    [Fact]
    public void An_access_after_the_episode_gap_starts_in_the_current_window()
    {
        var options = new WindowingOptions { WindowSize = 10, ScannerDistinctItems = 0, EpisodeGap = TimeSpan.FromSeconds(5) };
        var events = new List<PortEvent> { Access(Door, 1000, 0) };
        events.AddRange(Background(1, 10, Second));
        events.Add(Access(Door, 2000, 30 * Second));
        events.AddRange(Background(11, 30, 31 * Second));

        var windows = Windows(options, events);

        Assert.DoesNotContain(windows, w => w.Contains(KnockItem.Tcp(1000)) && w.Contains(KnockItem.Tcp(2000)));
    }

    [Fact]
    public void Bulk_traffic_to_a_busy_host_goes_on_in_the_current_window_and_every_access_lands_once()
    {
        // One busy source-destination pair keeps its episode going for ever: after its budget of late joins it moves on
        // to the current window, so windows keep their size and nothing is lost.
        var sink = new CountingSink();
        var windower = new PortWindower(new WindowingOptions { WindowSize = 50, ScannerDistinctItems = 0 }, sink);
        for (var i = 0; i < 10_000; i++)
        {
            var destination = i % 3 == 0 ? Door : PacketAddress.FromIPv4(0x0B000000u | (uint)i);
            windower.Add(Access(destination, (ushort)(1 + (i % 500)), i * 1000L));
        }

        windower.Flush();
        Assert.Equal(10_000, sink.Accesses);
        Assert.All(sink.Sizes, size => Assert.Equal(50, size));
        Assert.Equal(200, sink.Sizes.Count);
    }

    private static readonly KnockItem[] Knock = [KnockItem.Tcp(7000), KnockItem.Tcp(8000), KnockItem.Tcp(9000)];

    /// <summary>Eight background accesses, the knock's first two packets (accesses 9 and 10), background, its third.</summary>
    private static List<PortEvent> KnockAcrossBoundary()
    {
        var events = new List<PortEvent>();
        events.AddRange(Background(0, 8, 0));
        events.Add(Access(Door, 7000, 9 * Second));
        events.Add(Access(Door, 8000, 10 * Second));
        events.AddRange(Background(8, 12, 10 * Second));
        events.Add(Access(Door, 9000, 12 * Second));
        events.AddRange(Background(12, 40, 13 * Second));
        return events;
    }

    private static IEnumerable<PortEvent> Background(int from, int to, long startNs)
    {
        for (var i = from; i < to; i++)
        {
            yield return Access(PacketAddress.FromIPv4(0x0B000000u | (uint)i), 80, startNs + (i * 1000L));
        }
    }

    private static PortEvent Access(PacketAddress destination, ushort port, long timestampNs)
    {
        var portEvent = TestPortEvents.TcpSyn(port, timestampNs);
        portEvent.Destination = destination;
        portEvent.Source = PacketAddress.FromIPv4(0xC0000201);
        return portEvent;
    }

    private static List<HashSet<KnockItem>> Windows(WindowingOptions options, IEnumerable<PortEvent> events)
    {
        var sink = new CountingSink();
        var windower = new PortWindower(options, sink);
        foreach (var portEvent in events)
        {
            windower.Add(portEvent);
        }

        windower.Flush();
        return sink.Windows;
    }

    private sealed class CountingSink : IWindowSink
    {
        public List<HashSet<KnockItem>> Windows { get; } = [];

        public List<int> Sizes { get; } = [];

        public int Accesses { get; private set; }

        public void OnWindowClosed(PortWindow window)
        {
            Windows.Add([.. window.Items.ToArray()]);
            Sizes.Add(window.AccessCount);
            Accesses += window.AccessCount;
        }
    }
}
