using KnockSensor.Decode;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

public sealed class ScannerTrackerTests
{
    private static readonly PacketAddress Scanner = PacketAddress.FromIPv4(0xC6336401);
    private static readonly PacketAddress Knocker = PacketAddress.FromIPv4(0xC6336402);

    [Fact]
    public void A_source_is_flagged_near_the_threshold_of_distinct_items_and_stays_flagged_for_the_horizon()
    {
        var tracker = new ScannerTracker(32, TimeSpan.FromMinutes(10));
        var flaggedAt = -1;
        for (var port = 0; port < 200; port++)
        {
            if (tracker.Observe(Scanner, KnockItem.Tcp((ushort)(1000 + port)), port * 1_000_000L) && flaggedAt < 0)
            {
                flaggedAt = port + 1;
            }
        }

        // 32 set bits of 256 need at least 32 distinct items, and collisions only add a few.
        Assert.InRange(flaggedAt, 32, 40);
        Assert.True(tracker.WasFlagged(Scanner));
        Assert.Equal(1, tracker.Flagged);
        Assert.True(tracker.Observe(Scanner, KnockItem.Tcp(80), 300_000_000_000L));
        Assert.False(tracker.Observe(Scanner, KnockItem.Tcp(80), 2_000_000_000_000L));
    }

    [Fact]
    public void Knock_sources_and_repeat_visitors_are_never_flagged()
    {
        var tracker = new ScannerTracker(32, TimeSpan.FromMinutes(10));
        for (var round = 0; round < 1000; round++)
        {
            foreach (var port in new ushort[] { 7000, 8000, 9000, 22, 31337, 4444, 5555, 6666, 1234 })
            {
                Assert.False(tracker.Observe(Knocker, KnockItem.Tcp(port), round * 1_000_000L));
            }
        }

        Assert.False(tracker.WasFlagged(Knocker));
    }

    [Fact]
    public void The_windower_keeps_a_scanners_later_accesses_out_of_its_windows()
    {
        var items = new HashSet<KnockItem>();
        var sink = new CollectingSink(items);
        var windower = new PortWindower(new WindowingOptions { WindowSize = 100 }, sink);
        for (var port = 0; port < 1000; port++)
        {
            var portEvent = TestPortEvents.TcpSyn((ushort)(2000 + port), port * 1_000_000L);
            portEvent.Source = Scanner;
            windower.Add(portEvent);
        }

        windower.Flush();
        var counters = windower.Counters;
        // The access that crosses the threshold is already left out.
        Assert.InRange(counters.Accesses, 31, 39);
        Assert.Equal(1000 - counters.Accesses, counters.ScannerAccesses);
        Assert.Equal(1, counters.ScannersFlagged);
        Assert.DoesNotContain(KnockItem.Tcp(2999), items);
    }

    private sealed class CollectingSink(HashSet<KnockItem> items) : IWindowSink
    {
        public void OnWindowClosed(PortWindow window)
        {
            foreach (var item in window.Items)
            {
                items.Add(item);
            }
        }
    }
}
